// The registration page: username, optional email, password twice; posts to /register with a CSRF token and the return path.
import type { ApiError } from '../../errors/api-error.js';
import { EMAIL_MAX, PASSWORD_MAX, PASSWORD_MIN } from '../../accounts/usernames.js';
import { csrfField, errorSummary, textField } from './form-controls.js';
import { html, type SafeHtml } from './html.js';
import { layout } from './layout.js';
import { accountLink } from './login-page.js';

export interface RegisterPageModel {
  returnTo: string;
  csrfToken: string;
  error?: ApiError;
  username?: string;
  email?: string;
}

const LABELS = { username: 'Username', email: 'Email', password: 'Password', password_confirm: 'Confirm password' };

export function registerPage(model: RegisterPageModel): SafeHtml {
  return layout(
    'Create an account',
    html`<h1>Create a guildgate account</h1>
${errorSummary(model.error, LABELS)}
<form method="post" action="/register">
${csrfField(model.csrfToken)}
<input type="hidden" name="return_to" value="${model.returnTo}">
${textField({ name: 'username', label: LABELS.username, value: model.username, required: true, maxlength: 32, autocomplete: 'username', hint: '2 to 32 letters, digits, underscores and periods.' })}
${textField({ name: 'email', label: `${LABELS.email} (optional)`, type: 'email', value: model.email, maxlength: EMAIL_MAX, autocomplete: 'email' })}
${textField({ name: 'password', label: LABELS.password, type: 'password', required: true, maxlength: PASSWORD_MAX, autocomplete: 'new-password', hint: `At least ${PASSWORD_MIN} characters.` })}
${textField({ name: 'password_confirm', label: LABELS.password_confirm, type: 'password', required: true, maxlength: PASSWORD_MAX, autocomplete: 'new-password' })}
<div class="actions"><button type="submit">Create account</button></div>
</form>
<p class="muted">Already have an account? ${accountLink('/login', model.returnTo, 'Sign in')}</p>`,
  );
}

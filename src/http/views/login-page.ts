// The sign-in page: username or email and password, posting to /login with a CSRF token and the local return path; upstream provider links.
import { html, type SafeHtml } from './html.js';
import { layout } from './layout.js';

export interface LoginPageModel {
  returnTo: string;
  csrfToken: string;
  error?: string;
  login?: string;
  signedInAs?: string;
  /** "Log in with <label>" links to the upstream providers' web login. */
  upstreamLogins?: { label: string; href: string }[];
}

export function loginPage(model: LoginPageModel): SafeHtml {
  return layout('Sign in', html`<h1>Sign in to guildgate</h1>
${model.signedInAs ? html`<p class="muted">You are signed in as <strong>${model.signedInAs}</strong>.</p>` : null}
${model.error ? html`<p class="error" role="alert">${model.error}</p>` : null}
<form method="post" action="/login">
<input type="hidden" name="csrf_token" value="${model.csrfToken}">
<input type="hidden" name="return_to" value="${model.returnTo}">
<label for="login">Username or email</label>
<input type="text" id="login" name="login" value="${model.login ?? ''}" autocomplete="username" required autofocus>
<label for="password">Password</label>
<input type="password" id="password" name="password" autocomplete="current-password" required>
<div class="actions"><button type="submit">Sign in</button></div>
</form>
${model.upstreamLogins?.length
    ? html`<div class="upstream-logins">
${model.upstreamLogins.map((link) => html`<a class="button secondary" href="${link.href}">Log in with ${link.label}</a>
`)}</div>`
    : null}`);
}

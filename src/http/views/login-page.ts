// The sign-in page: username or email and password, posting to /login with a CSRF token and the local return path; upstream provider links.
import { csrfField } from './form-controls.js';
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

/** A link to the other account page (sign in <-> register) that keeps the return path. */
export function accountLink(path: '/login' | '/register', returnTo: string, label: string): SafeHtml {
  const href = returnTo === '/' ? path : `${path}?${new URLSearchParams({ return_to: returnTo }).toString()}`;
  return html`<a href="${href}">${label}</a>`;
}

export function loginPage(model: LoginPageModel): SafeHtml {
  return layout(
    'Sign in',
    html`<h1>Sign in to guildgate</h1>
${model.signedInAs ? html`<p class="notice">You are signed in as <strong>${model.signedInAs}</strong>. <a href="${model.returnTo}">Continue</a>, or sign in as someone else.</p>` : null}
${model.error ? html`<p class="error" role="alert">${model.error}</p>` : null}
<form method="post" action="/login">
${csrfField(model.csrfToken)}
<input type="hidden" name="return_to" value="${model.returnTo}">
<label for="login">Username or email</label>
<input type="text" id="login" name="login" value="${model.login ?? ''}" autocomplete="username" required autofocus>
<label for="password">Password</label>
<input type="password" id="password" name="password" autocomplete="current-password" required>
<div class="actions"><button type="submit">Sign in</button></div>
</form>
${
  model.upstreamLogins?.length
    ? html`<div class="upstream-logins">
${model.upstreamLogins.map(
  (link) => html`<a class="button secondary" href="${link.href}">Log in with ${link.label}</a>
`,
)}</div>`
    : null
}
<p class="muted">New here? ${accountLink('/register', model.returnTo, 'Create an account')}</p>`,
  );
}

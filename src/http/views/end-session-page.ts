// The end session pages (RP-Initiated Logout 1.0 section 2): the sign-out confirmation and the signed-out page.
import { END_SESSION_PATH } from '../../oidc/end-session.js';
import { csrfField } from './form-controls.js';
import { html, type SafeHtml } from './html.js';
import { layout } from './layout.js';

export function confirmSignOutPage(username: string, fields: Record<string, string>, csrfToken: string): SafeHtml {
  const hidden = Object.entries(fields).map(([name, value]) => html`<input type="hidden" name="${name}" value="${value}">\n`);
  return layout(
    'Sign out',
    html`<h1>Sign out of guildgate?</h1>
<p>You are signed in as <strong>${username}</strong>. An application asks to end this session.</p>
<form method="post" action="${END_SESSION_PATH}">
${hidden}${csrfField(csrfToken)}
<div class="actions"><button type="submit">Sign out</button></div>
</form>`,
  );
}

export function signedOutPage(): SafeHtml {
  return layout(
    'Signed out',
    html`<h1>You are signed out</h1>
<p class="muted">You can close this page and go back to the application.</p>`,
  );
}

// The consent page: the application, the signed-in user, each requested scope in plain words, Authorize and Cancel.
import type { AuthorizationRequest } from '../../oauth/authorization-request.js';
import { SCOPE_DESCRIPTIONS } from '../../oauth/scopes.js';
import type { UserRecord } from '../../storage/types.js';
import { appIcon } from './app-icon.js';
import { html, safeHref, type SafeHtml } from './html.js';
import { layout } from './layout.js';

/** The request parameters the form carries back, as validated (the page never echoes raw input it did not accept). */
export function consentFormFields(request: AuthorizationRequest): Record<string, string> {
  const fields: Record<string, string> = { client_id: request.application.id, response_type: 'code', scope: request.scopes.join(' ') };
  if (request.requestedRedirectUri !== null) fields.redirect_uri = request.requestedRedirectUri;
  if (request.state !== undefined) fields.state = request.state;
  if (request.codeChallenge !== null) {
    fields.code_challenge = request.codeChallenge;
    fields.code_challenge_method = 'S256';
  }
  if (request.nonce !== null) fields.nonce = request.nonce;
  return fields;
}

function redirectHost(redirectUri: string): string {
  try {
    const url = new URL(redirectUri);
    return url.host || url.protocol;
  } catch {
    return redirectUri;
  }
}

export function consentPage(request: AuthorizationRequest, user: UserRecord, csrfToken: string): SafeHtml {
  const { application } = request;
  const terms = safeHref(application.termsOfServiceUrl);
  const privacy = safeHref(application.privacyPolicyUrl);
  const hidden = Object.entries(consentFormFields(request)).map(([name, value]) => html`<input type="hidden" name="${name}" value="${value}">\n`);
  return layout(`Authorize ${application.name}`, html`<div class="app">${appIcon(application.name, application.icon)}<div>
<h1>${application.name}</h1>
<p class="muted">wants to access your guildgate account</p></div></div>
${application.description ? html`<p>${application.description}</p>` : null}
<p class="muted">Signed in as <strong>${user.globalName ?? user.username}</strong>${user.globalName ? ` (${user.username})` : ''}</p>
<h2>This will allow ${application.name} to:</h2>
<ul class="scopes">${request.scopes.map((scope) => html`<li>${SCOPE_DESCRIPTIONS[scope]}</li>`)}</ul>
<p class="muted">Once you authorize, you will be sent to ${redirectHost(request.redirectUri)}.</p>
${terms || privacy
  ? html`<p class="muted">${terms ? html`<a href="${terms}" rel="noopener noreferrer">Terms of Service</a>` : null}${terms && privacy ? ' · ' : ''}${privacy ? html`<a href="${privacy}" rel="noopener noreferrer">Privacy Policy</a>` : null}</p>`
  : null}
<form method="post" action="/oauth2/authorize">
${hidden}<input type="hidden" name="csrf_token" value="${csrfToken}">
<div class="actions">
<button type="submit" name="decision" value="deny" class="secondary">Cancel</button>
<button type="submit" name="decision" value="approve">Authorize</button>
</div>
</form>`);
}

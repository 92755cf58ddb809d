// An application's OAuth2 tab: client credentials, redirect URIs and client type, and the OAuth2 URL generator.
import type { ApplicationWithBot } from '../../applications/ownership.js';
import type { ApiError } from '../../errors/api-error.js';
import { permissionLabels } from '../../guilds/permission-labels.js';
import { ALL_PERMISSIONS } from '../../guilds/permissions.js';
import { SCOPE_DESCRIPTIONS, SUPPORTED_SCOPES } from '../../oauth/scopes.js';
import { text, type Form } from '../plugins/page-form.js';
import type { PortalContext } from '../plugins/page-guard.js';
import { applicationFrame, applicationPath } from './application-frame.js';
import { APPLICATION_LABELS, REDIRECT_URIS_HINT } from './applications-page.js';
import { checkbox, csrfField, errorSummary, notice, postButton, secretField, select, textArea } from './form-controls.js';
import { html, type SafeHtml } from './html.js';

export const CLIENT_TYPES = [
  { value: 'client_secret_basic', label: 'Confidential: client secret in the Authorization header (Basic)' },
  { value: 'client_secret_post', label: 'Confidential: client secret in the form body' },
  { value: 'none', label: 'Public: no secret, PKCE required (mobile and browser apps)' },
];

/** The access token formats an application may choose (RFC 9068 for JWTs). */
export const ACCESS_TOKEN_FORMATS = [
  { value: 'opaque', label: 'Opaque (default): a revocation takes effect at once everywhere' },
  { value: 'jwt', label: 'JWT (RFC 9068): resource servers can verify it locally, and see a revocation only at expiry' },
];

export interface UrlGeneratorModel {
  scopes: string[];
  redirectUri: string | null;
  permissions: bigint;
  /** The generated URL, or why none could be made; null before the form is used. */
  result: { url: string } | { problem: string } | null;
}

export interface OAuth2PageModel {
  found: ApplicationWithBot;
  draft?: Form;
  error?: ApiError;
  notice?: string;
  generator: UrlGeneratorModel;
}

function generatorSection(model: OAuth2PageModel): SafeHtml {
  const { application } = model.found;
  const { generator } = model;
  const redirectChoices = [{ value: '', label: 'None in the URL' }].concat(application.redirectUris.map((uri) => ({ value: uri, label: uri })));
  return html`<section class="panel" aria-labelledby="generator-heading" id="generator">
<h2 id="generator-heading">OAuth2 URL generator</h2>
<p class="muted">Pick what to ask for; the page builds the authorize URL to send users to.</p>
<form method="get" action="${applicationPath(application, 'oauth2')}#generator">
<input type="hidden" name="generate" value="1">
<fieldset><legend>Scopes</legend><div class="checks">
${SUPPORTED_SCOPES.map((scope) => checkbox({ name: 'scope', value: scope, id: `scope-${scope}`, label: scope, hint: SCOPE_DESCRIPTIONS[scope], checked: generator.scopes.includes(scope) }))}
</div></fieldset>
${select({ name: 'redirect_uri', label: 'Redirect URI', choices: redirectChoices, selected: generator.redirectUri ?? '', hint: 'Left out, the one registered URI is used; a bot-only URL then adds the bot and shows a guildgate confirmation page instead.' })}
<fieldset><legend>Bot permissions (with the bot scope)</legend><div class="checks">
${permissionLabels(ALL_PERMISSIONS).map(({ bit, label }) => checkbox({ name: 'permission', value: bit.toString(), id: `perm-${bit}`, label, checked: (generator.permissions & bit) !== 0n }))}
</div></fieldset>
<div class="actions"><button type="submit">Generate URL</button></div>
</form>
${
  generator.result === null
    ? null
    : 'url' in generator.result
      ? html`${secretField({ id: 'generated-url', label: 'Generated URL', value: generator.result.url, multiline: true })}<p><a href="${generator.result.url}">Open the authorize page</a></p>`
      : html`<p class="error" role="alert">${generator.result.problem}</p>`
}
</section>`;
}

export function applicationOAuth2Page(portal: PortalContext, model: OAuth2PageModel): SafeHtml {
  const { application } = model.found;
  const path = applicationPath(application, 'oauth2');
  const isPublic = application.tokenEndpointAuthMethod === 'none';
  const redirectUris = model.draft ? text(model.draft, 'redirect_uris') : application.redirectUris.join('\n');
  const postLogoutUris = model.draft ? text(model.draft, 'post_logout_redirect_uris') : application.postLogoutRedirectUris.join('\n');
  const method = model.draft ? text(model.draft, 'token_endpoint_auth_method') : application.tokenEndpointAuthMethod;
  const tokenFormat = model.draft ? text(model.draft, 'access_token_format') : application.accessTokenFormat;
  return applicationFrame(
    application,
    'oauth2',
    html`${notice(model.notice)}
<section class="panel" aria-labelledby="client-heading">
<h2 id="client-heading">Client information</h2>
${secretField({ id: 'client-id', label: 'Client ID', value: application.id })}
<h3>Client secret</h3>
${
  isPublic
    ? html`<p class="muted">Public clients have no client secret. Choose a confidential client type below to get one.</p>`
    : html`<p class="muted">The secret is shown only once, when it is made. Resetting it stops the old one at once.</p>
${postButton({ action: `${path}/reset-secret`, csrfToken: portal.csrfToken, label: 'Reset secret', kind: 'danger' })}`
}
</section>
<section class="panel" aria-labelledby="redirects-heading">
<h2 id="redirects-heading">Redirects and client type</h2>
${errorSummary(model.error, APPLICATION_LABELS)}
<form method="post" action="${path}">
${csrfField(portal.csrfToken)}
${textArea({ name: 'redirect_uris', label: 'Redirect URIs', value: redirectUris, rows: 4, hint: REDIRECT_URIS_HINT })}
${textArea({ name: 'post_logout_redirect_uris', label: 'Post-logout redirect URIs', value: postLogoutUris, rows: 2, hint: 'Where signing out (OpenID Connect end session) may send the user back; the same rules as redirect URIs.' })}
${select({ name: 'token_endpoint_auth_method', label: APPLICATION_LABELS.token_endpoint_auth_method, choices: CLIENT_TYPES, selected: method })}
${select({ name: 'access_token_format', label: 'Access token format', choices: ACCESS_TOKEN_FORMATS, selected: tokenFormat })}
<div class="actions"><button type="submit">Save changes</button></div>
</form>
</section>
${generatorSection(model)}`,
  );
}

// The consent page: the application, the signed-in user, each requested scope in plain words, Authorize and Cancel;
// for a bot install also the guild to add it to (a select, or fixed) and a checkbox per requested permission.
import { permissionLabels } from '../../guilds/permission-labels.js';
import type { AuthorizationRequest } from '../../oauth/authorization-request.js';
import type { BotInstallRequest } from '../../oauth/bot-install.js';
import { SCOPE_DESCRIPTIONS, type Scope } from '../../oauth/scopes.js';
import type { ApplicationRecord, GuildRecord, UserRecord } from '../../storage/types.js';
import { appIcon } from './app-icon.js';
import { html, safeHref, type SafeHtml } from './html.js';
import { layout } from './layout.js';

/** The checkbox field carrying each permission the user leaves ticked. */
export const PERMISSION_CHECKBOX = 'permission';

/** The request parameters the form carries back, as validated (the page never echoes raw input it did not accept). */
export function consentFormFields(request: AuthorizationRequest): Record<string, string> {
  const fields: Record<string, string> = { client_id: request.application.id, scope: request.scopes.join(' ') };
  if (request.redirectUri !== null) fields.response_type = 'code';
  if (request.requestedRedirectUri !== null) fields.redirect_uri = request.requestedRedirectUri;
  if (request.state !== undefined) fields.state = request.state;
  if (request.codeChallenge !== null) {
    fields.code_challenge = request.codeChallenge;
    fields.code_challenge_method = 'S256';
  }
  if (request.nonce !== null) fields.nonce = request.nonce;
  if (request.idTokenClaims.length > 0) fields.claims = JSON.stringify({ id_token: Object.fromEntries(request.idTokenClaims.map((claim) => [claim, null])) });
  // Seed 000: a guild_id beside scopes without `bot` travels on, for the code to be tied to that guild.
  if (request.correlatedGuildId !== null) fields.guild_id = request.correlatedGuildId;
  if (request.install) {
    // The requested permissions; the ticked checkboxes narrow them. A fixed guild travels hidden, a chosen one in the select.
    fields.permissions = request.install.permissions.toString();
    if (request.install.guildSelectDisabled) {
      fields.guild_id = request.install.guildId!;
      fields.disable_guild_select = 'true';
    }
  }
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

/** The guild choice and the permission checkboxes of a bot install; `guilds` are those the user manages. */
function installSection(install: BotInstallRequest, guilds: GuildRecord[]): SafeHtml {
  const fixed = install.guildSelectDisabled ? guilds.find((guild) => guild.id === install.guildId) : undefined;
  const choice = fixed
    ? html`<p>Adding to <strong>${fixed.name}</strong></p>`
    : guilds.length === 0
      ? html`<p class="error" role="alert">You need the Manage Server permission in a server to add this bot.</p>`
      : html`<label for="guild_id">Add to server</label>
<select id="guild_id" name="guild_id" required>
<option value="">Select a server</option>
${guilds.map((guild) => html`<option value="${guild.id}"${guild.id === install.guildId ? html` selected` : null}>${guild.name}</option>\n`)}</select>`;
  const permissions = permissionLabels(install.permissions);
  return html`${choice}
<h2>Grant the bot these permissions:</h2>
${
  permissions.length === 0
    ? html`<p class="muted">The bot asks for no permissions.</p>`
    : html`<ul class="permissions">${permissions.map(
        ({ bit, label }) => html`<li><label><input type="checkbox" name="${PERMISSION_CHECKBOX}" value="${bit.toString()}" checked> ${label}</label></li>\n`,
      )}</ul>`
}`;
}

/** What a consent screen shows of the request: the application, the signed-in user, and each scope in plain words. */
export function consentSummary(application: ApplicationRecord, user: UserRecord, scopes: readonly Scope[]): SafeHtml {
  return html`<div class="app">${appIcon(application.name, application.icon)}<div>
<h1>${application.name}</h1>
<p class="muted">wants to access your guildgate account</p></div></div>
${application.description ? html`<p>${application.description}</p>` : null}
<p class="muted">Signed in as <strong>${user.globalName ?? user.username}</strong>${user.globalName ? ` (${user.username})` : ''}</p>
<h2>This will allow ${application.name} to:</h2>
<ul class="scopes">${scopes.map((scope) => html`<li>${SCOPE_DESCRIPTIONS[scope]}</li>`)}</ul>`;
}

/** The application's terms of service and privacy policy links, when it has them. */
export function policyLinks(application: ApplicationRecord): SafeHtml | null {
  const terms = safeHref(application.termsOfServiceUrl);
  const privacy = safeHref(application.privacyPolicyUrl);
  if (!terms && !privacy) return null;
  return html`<p class="muted">${terms ? html`<a href="${terms}" rel="noopener noreferrer">Terms of Service</a>` : null}${terms && privacy ? ' · ' : ''}${privacy ? html`<a href="${privacy}" rel="noopener noreferrer">Privacy Policy</a>` : null}</p>`;
}

export function consentPage(request: AuthorizationRequest, user: UserRecord, csrfToken: string, guilds: GuildRecord[]): SafeHtml {
  const { application, install } = request;
  const hidden = Object.entries(consentFormFields(request)).map(([name, value]) => html`<input type="hidden" name="${name}" value="${value}">\n`);
  const canApprove = !install || install.guildSelectDisabled || guilds.length > 0;
  return layout(
    `Authorize ${application.name}`,
    html`${consentSummary(application, user, request.scopes)}
<form method="post" action="/oauth2/authorize">
${install ? installSection(install, guilds) : null}
<p class="muted">${
      request.redirectUri === null
        ? 'Once you authorize, you will see a confirmation here.'
        : html`Once you authorize, you will be sent to ${redirectHost(request.redirectUri)}.`
    }</p>
${policyLinks(application)}
${hidden}<input type="hidden" name="csrf_token" value="${csrfToken}">
<div class="actions">
<button type="submit" name="decision" value="deny" class="secondary"${install ? html` formnovalidate` : null}>Cancel</button>
${canApprove ? html`<button type="submit" name="decision" value="approve">Authorize</button>` : null}
</div>
</form>`,
  );
}

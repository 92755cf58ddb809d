// The start page once signed in: the account's sections, and the guilds the user manages.
import { PERMISSIONS } from '../../guilds/permissions.js';
import type { GuildRecord } from '../../storage/types.js';
import type { PortalContext } from '../plugins/page-guard.js';
import { html, type SafeHtml } from './html.js';

export function homePage(portal: PortalContext, guilds: { guild: GuildRecord; permissions: bigint }[]): SafeHtml {
  const { user } = portal.principal;
  // Effective permissions: owners and administrators hold every bit.
  const managed = guilds.filter(({ permissions }) => (permissions & PERMISSIONS.MANAGE_GUILD) !== 0n);
  return html`<h1>Welcome, ${user.globalName ?? user.username}</h1>
<section class="panel" aria-labelledby="account-heading">
<h2 id="account-heading">Your account</h2>
<ul class="links">
<li><a href="/settings/authorized-apps">Authorized apps</a>: the applications you let use your account, and what they may do.</li>
<li><a href="/settings/sessions">Sessions and API tokens</a>: where you are signed in, and tokens for your scripts.</li>
<li><a href="/developers/applications">Developer portal</a>: your applications, their bots and OAuth2 settings.</li>
</ul>
</section>
<section class="panel" aria-labelledby="guilds-heading">
<h2 id="guilds-heading">Guilds you manage</h2>
${
  managed.length === 0
    ? html`<p class="muted">You do not manage any guild.</p>`
    : html`<ul class="links">${managed.map(({ guild }) => html`<li>${guild.name}: <a href="/guilds/${guild.id}/integrations">integrations</a></li>`)}</ul>`
}
</section>`;
}

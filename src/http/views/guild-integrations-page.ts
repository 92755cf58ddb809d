// A guild's integrations, for its managers: each installed application, its bot, the permissions and scopes it holds, and Remove.
import type { IntegrationWithApplication } from '../../guilds/integrations-service.js';
import { permissionLabels } from '../../guilds/permission-labels.js';
import { isScope, SCOPE_DESCRIPTIONS } from '../../oauth/scopes.js';
import type { GuildRecord } from '../../storage/types.js';
import type { PortalContext } from '../plugins/page-guard.js';
import { appIcon } from './app-icon.js';
import { notice, postButton } from './form-controls.js';
import { html, type SafeHtml } from './html.js';
import { timeTag } from './time.js';

export function integrationsPath(guildId: string): string {
  return `/guilds/${guildId}/integrations`;
}

function integrationPanel(portal: PortalContext, guild: GuildRecord, { integration, application, bot }: IntegrationWithApplication): SafeHtml {
  const permissions = permissionLabels(integration.permissions);
  return html`<section class="panel" aria-labelledby="integration-${application.id}">
<div class="app-name">${appIcon(application.name, application.icon, 'small')}<h2 id="integration-${application.id}">${application.name}</h2></div>
<p class="muted">Bot <strong>${bot.username}#${bot.discriminator}</strong> · added ${timeTag(integration.installedAt)}</p>
<h3>Permissions</h3>
${permissions.length === 0 ? html`<p class="muted">None.</p>` : html`<ul class="scopes">${permissions.map(({ label }) => html`<li>${label}</li>`)}</ul>`}
<h3>Scopes</h3>
<ul class="scopes">${integration.scopes.map((scope) => html`<li>${isScope(scope) ? SCOPE_DESCRIPTIONS[scope] : scope} <span class="muted">(<code>${scope}</code>)</span></li>`)}</ul>
${postButton({ action: `${integrationsPath(guild.id)}/${application.id}/remove`, csrfToken: portal.csrfToken, label: 'Remove', kind: 'danger', accessibleLabel: `Remove ${application.name} from ${guild.name}` })}
</section>`;
}

export function guildIntegrationsPage(portal: PortalContext, guild: GuildRecord, integrations: IntegrationWithApplication[], done?: string): SafeHtml {
  return html`<p class="muted"><a href="/">Home</a> /</p>
<h1>${guild.name}: integrations</h1>
<p class="muted">Applications installed in this guild. Removing one takes its bot out of the guild and ends the guild access of its tokens.</p>
${notice(done)}
${integrations.length === 0 ? html`<p>No applications are installed in this guild.</p>` : integrations.map((entry) => integrationPanel(portal, guild, entry))}`;
}

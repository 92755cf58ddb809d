// The user's authorized applications: what each may do, since when, and a Deauthorize button.
import { isScope, SCOPE_DESCRIPTIONS } from '../../oauth/scopes.js';
import type { ApplicationRecord, AuthorizationRecord } from '../../storage/types.js';
import type { PortalContext } from '../plugins/page-guard.js';
import { appIcon } from './app-icon.js';
import { notice, postButton } from './form-controls.js';
import { html, type SafeHtml } from './html.js';
import { timeTag } from './time.js';

export const AUTHORIZED_APPS_PATH = '/settings/authorized-apps';

function scopeList(scopes: string[]): SafeHtml {
  return html`<ul class="scopes">${scopes.map((scope) => html`<li>${isScope(scope) ? SCOPE_DESCRIPTIONS[scope] : scope} <span class="muted">(<code>${scope}</code>)</span></li>`)}</ul>`;
}

export function authorizedAppsPage(
  portal: PortalContext,
  grants: { authorization: AuthorizationRecord; application: ApplicationRecord }[],
  done?: string,
): SafeHtml {
  return html`<h1>Authorized apps</h1>
<p class="muted">These applications can use your account within the permissions you gave them. Deauthorizing one ends every token it holds.</p>
${notice(done)}
${
  grants.length === 0
    ? html`<p>You have not authorized any application.</p>`
    : grants.map(
        ({ authorization, application }) => html`<section class="panel" aria-labelledby="app-${application.id}">
<div class="app-name">${appIcon(application.name, application.icon, 'small')}<h2 id="app-${application.id}">${application.name}</h2></div>
${application.description ? html`<p class="muted">${application.description}</p>` : null}
<h3>It can</h3>
${scopeList(authorization.scopes)}
<p class="muted">Authorized ${timeTag(authorization.createdAt)}${authorization.updatedAt !== authorization.createdAt ? html`, last changed ${timeTag(authorization.updatedAt)}` : null}</p>
${postButton({ action: `${AUTHORIZED_APPS_PATH}/${application.id}/deauthorize`, csrfToken: portal.csrfToken, label: 'Deauthorize', kind: 'danger', accessibleLabel: `Deauthorize ${application.name}` })}
</section>`,
      )
}`;
}

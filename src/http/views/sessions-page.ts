// The user's sessions and API tokens: where each came from and when it ends, Revoke, and the form that makes an API token.
import { toIso } from '../../clock.js';
import type { ApiError } from '../../errors/api-error.js';
import type { SessionRecord } from '../../storage/types.js';
import { text, type Form } from '../plugins/page-form.js';
import type { PortalContext } from '../plugins/page-guard.js';
import { csrfField, errorSummary, notice, postButton, select, textField } from './form-controls.js';
import { html, type SafeHtml } from './html.js';
import { timeTag } from './time.js';

export const SESSIONS_PATH = '/settings/sessions';

const DAY = 86_400;
/** The API token lifetimes offered, in seconds (0: never expires). */
export const TOKEN_LIFETIMES = [
  { value: String(DAY), label: '1 day' },
  { value: String(7 * DAY), label: '7 days' },
  { value: String(30 * DAY), label: '30 days' },
  { value: String(90 * DAY), label: '90 days' },
  { value: String(365 * DAY), label: '1 year' },
  { value: '0', label: 'Never' },
];

const TYPE_LABELS: Record<SessionRecord['type'], string> = { login: 'Sign-in', app_login: 'App sign-in', api: 'API token' };
const LABELS = { name: 'Name', expires_in: 'Expires after' };

export interface SessionsPageModel {
  sessions: SessionRecord[];
  draft?: Form;
  error?: ApiError;
  notice?: string;
}

function sessionRow(portal: PortalContext, session: SessionRecord): SafeHtml {
  const current = session.id === portal.principal.session.id;
  const what = session.name ?? TYPE_LABELS[session.type];
  return html`<tr>
<td>${TYPE_LABELS[session.type]}${current ? html` <span class="badge">this browser</span>` : null}${session.name ? html`<br><strong>${session.name}</strong>` : null}</td>
<td>${session.ip ?? ''}${session.userAgent ? html`<br><span class="muted">${session.userAgent.length > 80 ? `${session.userAgent.slice(0, 80)}…` : session.userAgent}</span>` : null}</td>
<td>${timeTag(session.createdAt)}</td>
<td>${timeTag(session.expiresAt)}</td>
<td class="actions-cell">${postButton({ action: `${SESSIONS_PATH}/${session.id}/revoke`, csrfToken: portal.csrfToken, label: current ? 'Sign out' : 'Revoke', kind: 'danger', accessibleLabel: `${current ? 'Sign out' : 'Revoke'} ${what} created ${toIso(session.createdAt)}` })}</td>
</tr>`;
}

export function sessionsPage(portal: PortalContext, model: SessionsPageModel): SafeHtml {
  const { draft } = model;
  return html`<h1>Sessions and API tokens</h1>
${notice(model.notice)}
<section class="panel" aria-labelledby="sessions-heading">
<h2 id="sessions-heading">Active sessions and tokens</h2>
<table>
<thead><tr><th scope="col">Kind</th><th scope="col">From</th><th scope="col">Created</th><th scope="col">Expires</th><th scope="col"><span class="visually-hidden">Actions</span></th></tr></thead>
<tbody>
${model.sessions.map((session) => sessionRow(portal, session))}
</tbody>
</table>
</section>
<section class="panel" aria-labelledby="token-heading">
<h2 id="token-heading">Create an API token</h2>
<p class="muted">An API token acts as you on the API (<code>Authorization: Bearer &lt;token&gt;</code>) until it expires or you revoke it.</p>
${errorSummary(model.error, LABELS)}
<form method="post" action="${SESSIONS_PATH}">
${csrfField(portal.csrfToken)}
${textField({ name: 'name', label: LABELS.name, value: draft ? text(draft, 'name') : '', required: true, maxlength: 100, hint: 'What the token is for, such as "backup script".' })}
${select({ name: 'expires_in', label: LABELS.expires_in, choices: TOKEN_LIFETIMES, selected: draft ? text(draft, 'expires_in') : String(30 * DAY) })}
<div class="actions"><button type="submit">Create token</button></div>
</form>
</section>`;
}

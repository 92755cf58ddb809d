// An application's Events tab: the event webhook URL, event types and status, the verify key, and the delivery log.
import type { ApplicationWithBot } from '../../applications/ownership.js';
import type { ApiError } from '../../errors/api-error.js';
import type { EventDeliveryRecord, EventSettingsRecord } from '../../storage/types.js';
import { EVENT_TYPES } from '../../webhooks/event-types.js';
import { WEBHOOK_URL_MAX } from '../../webhooks/webhook-url.js';
import { text, values, type Form } from '../plugins/page-form.js';
import type { PortalContext } from '../plugins/page-guard.js';
import { applicationFrame, applicationPath } from './application-frame.js';
import { checkbox, csrfField, errorSummary, notice, secretField, select, textField } from './form-controls.js';
import { html, type SafeHtml } from './html.js';
import { timeTag } from './time.js';

export const EVENT_LABELS = { event_webhooks_url: 'Endpoint URL', event_webhooks_types: 'Events', event_webhooks_status: 'Status' };

const EVENT_HINTS: Record<(typeof EVENT_TYPES)[number], string> = {
  APPLICATION_AUTHORIZED: 'A user authorized the app, or added it to a guild.',
  APPLICATION_DEAUTHORIZED: 'A user removed the app from their authorized apps.',
  INTEGRATION_CREATED: 'The app was added to a guild.',
  INTEGRATION_REMOVED: 'The app was removed from a guild.',
};

export interface EventsPageModel {
  found: ApplicationWithBot;
  settings: EventSettingsRecord;
  deliveries: (EventDeliveryRecord & { eventType: string })[];
  draft?: Form;
  error?: ApiError;
  notice?: string;
}

function deliveryLog(deliveries: EventsPageModel['deliveries']): SafeHtml {
  if (deliveries.length === 0) return html`<p class="muted">No deliveries yet.</p>`;
  return html`<table>
<caption class="visually-hidden">The latest delivery attempts, newest first</caption>
<thead><tr><th scope="col">When</th><th scope="col">Event</th><th scope="col">Attempt</th><th scope="col">Result</th><th scope="col">Time</th></tr></thead>
<tbody>
${deliveries.map(
  (delivery) => html`<tr>
<td>${timeTag(delivery.at)}</td>
<td><code>${delivery.eventType}</code><br><span class="muted mono">${delivery.eventId}</span></td>
<td>${delivery.attempt}</td>
<td>${delivery.statusCode === null ? html`<span class="badge">no answer</span> ${delivery.error}` : html`HTTP ${delivery.statusCode}${delivery.error ? html` ${delivery.error}` : null}`}</td>
<td>${delivery.durationMs} ms</td>
</tr>`,
)}
</tbody>
</table>`;
}

export function applicationEventsPage(portal: PortalContext, model: EventsPageModel): SafeHtml {
  const { application } = model.found;
  const { settings, draft } = model;
  const types = draft ? values(draft, 'event_webhooks_types') : settings.types;
  return applicationFrame(
    application,
    'events',
    html`${notice(model.notice)}
<section class="panel" aria-labelledby="webhook-heading">
<h2 id="webhook-heading">Event webhook</h2>
<p class="muted">guildgate POSTs each event, signed with Ed25519 over the timestamp and body (<code>X-Signature-Ed25519</code>, <code>X-Signature-Timestamp</code>). A new URL is saved only once it answers a signed PING with 2xx.</p>
${secretField({ id: 'verify-key', label: 'Public key (verify_key)', value: settings.verifyKey })}
${errorSummary(model.error, EVENT_LABELS)}
<form method="post" action="${applicationPath(application, 'events')}">
${csrfField(portal.csrfToken)}
${textField({ name: 'event_webhooks_url', label: EVENT_LABELS.event_webhooks_url, type: 'url', value: draft ? text(draft, 'event_webhooks_url') : settings.url, maxlength: WEBHOOK_URL_MAX, hint: 'https only; it must answer a signed PING with 2xx. Leave empty to remove it.' })}
<fieldset><legend>${EVENT_LABELS.event_webhooks_types}</legend>
${EVENT_TYPES.map((type) => checkbox({ name: 'event_webhooks_types', value: type, id: `event-${type}`, label: type, hint: EVENT_HINTS[type], checked: types.includes(type) }))}
</fieldset>
${select({
  name: 'event_webhooks_status',
  label: EVENT_LABELS.event_webhooks_status,
  choices: [
    { value: 'enabled', label: 'Enabled' },
    { value: 'disabled', label: 'Disabled' },
  ],
  selected: draft ? text(draft, 'event_webhooks_status') : settings.status,
})}
<div class="actions"><button type="submit">Save changes</button></div>
</form>
</section>
<section class="panel" aria-labelledby="log-heading">
<h2 id="log-heading">Delivery log</h2>
${deliveryLog(model.deliveries)}
</section>`,
  );
}

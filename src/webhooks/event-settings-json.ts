// JSON forms of an application's event webhook settings and delivery log.
import { toIso } from '../clock.js';
import type { EventDeliveryRecord, EventSettingsRecord, EventWebhookStatus } from '../storage/types.js';

export function eventSettingsJson(settings: EventSettingsRecord) {
  return {
    event_webhooks_url: settings.url,
    event_webhooks_types: settings.types,
    event_webhooks_status: settings.status,
    verify_key: settings.verifyKey,
  };
}

/** Discord's application `event_webhooks_status`: 1 disabled, 2 enabled. */
const DISCORD_STATUS = { disabled: 1, enabled: 2 } as const;

/**
 * The event fields of an application object: `event_webhooks_status` as guildgate's strings on /api/v1, as Discord's
 * integers on the Discord-style prefixes.
 */
export function applicationEventFieldsJson(settings: EventSettingsRecord, discord: boolean) {
  return {
    verify_key: settings.verifyKey,
    event_webhooks_url: settings.url,
    event_webhooks_types: settings.types,
    event_webhooks_status: discord ? DISCORD_STATUS[settings.status] : settings.status,
  };
}

/** A status as either form names it. */
export function statusFromJson(value: EventWebhookStatus | 1 | 2): EventWebhookStatus {
  return value === 1 ? 'disabled' : value === 2 ? 'enabled' : value;
}

export function deliveryJson(delivery: EventDeliveryRecord & { eventType: string }) {
  return {
    event_id: delivery.eventId,
    event_type: delivery.eventType,
    attempt: delivery.attempt,
    at: toIso(delivery.at),
    status_code: delivery.statusCode,
    error: delivery.error,
    duration_ms: delivery.durationMs,
  };
}

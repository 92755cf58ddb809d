// JSON forms of an application's event webhook settings and delivery log.
import { toIso } from '../clock.js';
import type { EventDeliveryRecord, EventSettingsRecord } from '../storage/types.js';

export function eventSettingsJson(settings: EventSettingsRecord) {
  return {
    event_webhooks_url: settings.url,
    event_webhooks_types: settings.types,
    event_webhooks_status: settings.status,
    verify_key: settings.verifyKey,
  };
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

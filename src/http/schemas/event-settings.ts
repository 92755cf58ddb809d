// Schemas of an application's event webhook settings and delivery log (also taken by PATCH /oauth2/applications/{id}).
import { Type, type Static } from 'typebox';
import type { SettingsPatch as SettingsPatchFields } from '../../webhooks/events-service.js';
import { EVENT_TYPES } from '../../webhooks/event-types.js';
import { WEBHOOK_URL_MAX } from '../../webhooks/webhook-url.js';
import { nullable, Snowflake } from './common.js';

const EventType = Type.Union(EVENT_TYPES.map((type) => Type.Literal(type)));
const Status = Type.Union([Type.Literal('enabled'), Type.Literal('disabled')]);

/** The webhook fields of a settings patch (also taken by PATCH /oauth2/applications/{id}). */
export const eventSettingsFields = {
  event_webhooks_url: Type.Optional(nullable(Type.String({ minLength: 1, maxLength: WEBHOOK_URL_MAX }))),
  event_webhooks_types: Type.Optional(Type.Array(EventType, { uniqueItems: true, maxItems: EVENT_TYPES.length })),
  event_webhooks_status: Type.Optional(Status),
};

export const SettingsPatch = Type.Object(eventSettingsFields, { additionalProperties: false, minProperties: 1 });

export const Settings = Type.Object({
  event_webhooks_url: nullable(Type.String()),
  event_webhooks_types: Type.Array(Type.String()),
  event_webhooks_status: Status,
  verify_key: Type.String({ description: 'Hex Ed25519 public key that verifies X-Signature-Ed25519' }),
});

export const Delivery = Type.Object({
  event_id: Snowflake,
  event_type: Type.String(),
  attempt: Type.Integer(),
  at: Type.String(),
  status_code: nullable(Type.Integer()),
  error: nullable(Type.String()),
  duration_ms: Type.Integer(),
});

/** The service's patch from a settings body (also built by the developer portal's events page). */
export function settingsPatchOf(body: Static<typeof SettingsPatch>): SettingsPatchFields {
  return { url: body.event_webhooks_url, types: body.event_webhooks_types, status: body.event_webhooks_status };
}

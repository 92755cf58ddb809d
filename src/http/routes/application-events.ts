// Application event webhooks for the owner: read and change the settings (PING-checked), and the delivery log.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type, type Static } from 'typebox';
import type { SettingsPatch as SettingsPatchFields } from '../../webhooks/events-service.js';
import { EVENT_TYPES } from '../../webhooks/event-types.js';
import { deliveryJson, eventSettingsJson } from '../../webhooks/event-settings-json.js';
import { WEBHOOK_URL_MAX } from '../../webhooks/webhook-url.js';
import type { RouteOptions } from '../context.js';
import { principalOf, requireSession } from '../plugins/authenticate.js';
import { IdParams, nullable, Snowflake } from '../schemas/common.js';

const EventType = Type.Union(EVENT_TYPES.map((type) => Type.Literal(type)));
const Status = Type.Union([Type.Literal('enabled'), Type.Literal('disabled')]);

/** The webhook fields of a settings patch (also taken by PATCH /oauth2/applications/{id}). */
export const eventSettingsFields = {
  event_webhooks_url: Type.Optional(nullable(Type.String({ minLength: 1, maxLength: WEBHOOK_URL_MAX }))),
  event_webhooks_types: Type.Optional(Type.Array(EventType, { uniqueItems: true, maxItems: EVENT_TYPES.length })),
  event_webhooks_status: Type.Optional(Status),
};

export const SettingsPatch = Type.Object(eventSettingsFields, { additionalProperties: false, minProperties: 1 });

const Settings = Type.Object({
  event_webhooks_url: nullable(Type.String()),
  event_webhooks_types: Type.Array(Type.String()),
  event_webhooks_status: Status,
  verify_key: Type.String({ description: 'Hex Ed25519 public key that verifies X-Signature-Ed25519' }),
});

const Delivery = Type.Object({
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

export const applicationEventRoutes: FastifyPluginAsyncTypebox<RouteOptions> = async (app, { ctx }) => {
  const events = ctx.services.events;
  const auth = requireSession(ctx);
  const security = [{ bearer: [] }];
  const tags = ['application events'];
  const path = '/oauth2/applications/:id/events';

  app.get(`${path}/settings`, { preHandler: auth, schema: { tags, security, params: IdParams, response: { 200: Settings } } }, async (request) =>
    eventSettingsJson(await events.getSettings(principalOf(request).user.id, request.params.id)),
  );

  app.patch(
    `${path}/settings`,
    { preHandler: auth, schema: { tags, security, params: IdParams, body: SettingsPatch, response: { 200: Settings } } },
    async (request) => {
      return eventSettingsJson(await events.updateSettings(principalOf(request).user.id, request.params.id, settingsPatchOf(request.body)));
    },
  );

  app.get(
    `${path}/deliveries`,
    { preHandler: auth, schema: { tags, security, params: IdParams, response: { 200: Type.Array(Delivery) } } },
    async (request) => (await events.listDeliveries(principalOf(request).user.id, request.params.id)).map(deliveryJson),
  );
};

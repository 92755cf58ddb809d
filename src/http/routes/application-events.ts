// Application event webhooks for the owner: read and change the settings (PING-checked), and the delivery log.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { deliveryJson, eventSettingsJson } from '../../webhooks/event-settings-json.js';
import type { RouteOptions } from '../context.js';
import { principalOf, requireSession } from '../plugins/authenticate.js';
import { IdParams } from '../schemas/common.js';
import { Delivery, Settings, SettingsPatch, settingsPatchOf } from '../schemas/event-settings.js';

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

  app.get(`${path}/deliveries`, { preHandler: auth, schema: { tags, security, params: IdParams, response: { 200: Type.Array(Delivery) } } }, async (request) =>
    (await events.listDeliveries(principalOf(request).user.id, request.params.id)).map(deliveryJson),
  );
};

// Bot users (seed 002): token reset and profile update by the owner, and GET /applications/@me for the bot itself.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { applicationBotJson, applicationsMeJson, botProfileJson } from '../../applications/application-json.js';
import type { RouteOptions } from '../context.js';
import { principalOf, requireAuth, requireLoginSession, requireSession } from '../plugins/authenticate.js';
import { ApplicationsMeResponse, botChangeOf, BotProfileResponse, BotProfileUpdateRequest, BotTokenResetResponse } from '../schemas/applications.js';
import { ApiErrorBody, IdParams } from '../schemas/common.js';
import { imageBodyLimit } from '../plugins/image-body-limit.js';

export const botRoutes: FastifyPluginAsyncTypebox<RouteOptions> = async (app, { ctx }) => {
  const { bots } = ctx.services;
  const auth = requireSession(ctx);
  const tags = ['bots'];
  const errors = { 400: ApiErrorBody, 401: ApiErrorBody, 404: ApiErrorBody };

  app.post(
    '/oauth2/applications/:id/bot/reset-token',
    {
      preHandler: requireLoginSession(ctx),
      schema: {
        tags,
        security: [{ bearer: [] }],
        summary: 'Issue a new bot token (shown once); the old one stops working',
        params: IdParams,
        response: { 200: BotTokenResetResponse, ...errors },
      },
    },
    async (request) => {
      const { bot, token } = await bots.resetToken(principalOf(request, 'session').user.id, request.params.id);
      return { token, bot: applicationBotJson(bot) };
    },
  );

  app.patch(
    '/oauth2/applications/:id/bot',
    {
      preHandler: auth,
      bodyLimit: imageBodyLimit(ctx.config, 2),
      schema: {
        tags,
        security: [{ bearer: [] }],
        summary: 'Update the bot profile; avatar and banner are base64 data URIs, null removes them',
        params: IdParams,
        body: BotProfileUpdateRequest,
        response: { 200: BotProfileResponse, ...errors, 409: ApiErrorBody },
      },
    },
    async (request) => {
      return botProfileJson(await bots.updateProfile(principalOf(request, 'session').user.id, request.params.id, botChangeOf(request.body)));
    },
  );

  app.get(
    '/applications/@me',
    {
      preHandler: requireAuth(ctx, { accept: ['bot'] }),
      schema: { tags, security: [{ bot: [] }], summary: "The calling bot's application", response: { 200: ApplicationsMeResponse, 401: ApiErrorBody } },
    },
    async (request) => {
      const principal = principalOf(request, 'bot');
      return applicationsMeJson({ application: principal.application, bot: principal.user });
    },
  );
};

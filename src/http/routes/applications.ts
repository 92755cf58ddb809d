// Developer applications (seed 002): create, list, read (owner and public), update, delete and client secret reset.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import type { Static } from 'typebox';
import { Type } from 'typebox';
import { applicationJson, applicationPublicJson, applicationsMeJson } from '../../applications/application-json.js';
import type { ApplicationWithBot } from '../../applications/ownership.js';
import { ApiError } from '../../errors/api-error.js';
import { applicationEventFieldsJson, statusFromJson } from '../../webhooks/event-settings-json.js';
import type { SettingsPatch as SettingsPatchFields } from '../../webhooks/events-service.js';
import { isDiscordUrl } from '../url-layout.js';
import { eventSettingsFields } from '../schemas/event-settings.js';
import type { RouteOptions } from '../context.js';
import { principalOf, requireAuth, requireLoginSession, requireSession } from '../plugins/authenticate.js';
import {
  applicationFieldsOf,
  ApplicationCreateRequest,
  ApplicationPublicResponse,
  ApplicationResponse,
  ApplicationsMeResponse,
  ApplicationUpdateRequest,
} from '../schemas/applications.js';
import { ApiErrorBody, IdParams } from '../schemas/common.js';
import { imageBodyLimit } from '../plugins/image-body-limit.js';

/** The calling user, on session-only routes: the owner the services check applications against. */
function callerId(request: FastifyRequest): string {
  return principalOf(request, 'session').user.id;
}

/**
 * Seed 002's update with Discord's event webhook fields: `event_webhooks_status` is `enabled`/`disabled` on /api/v1 and
 * Discord's 1 (disabled) / 2 (enabled) on the Discord-style prefixes; the other form is refused.
 */
const ApplicationPatchRequest = Type.Object(
  {
    ...ApplicationUpdateRequest.properties,
    ...eventSettingsFields,
    event_webhooks_status: Type.Optional(Type.Union([Type.Literal('enabled'), Type.Literal('disabled'), Type.Literal(1), Type.Literal(2)])),
  },
  { additionalProperties: false, minProperties: 1 },
);

/** The webhook part of an update body, or null when it has none; the status must be in the form of the URL's prefix. */
function eventPatchOf(body: Static<typeof ApplicationPatchRequest>, discord: boolean): SettingsPatchFields | null {
  const { event_webhooks_url: url, event_webhooks_types: types, event_webhooks_status: status } = body;
  if (url === undefined && types === undefined && status === undefined) return null;
  if (status !== undefined && (typeof status === 'number') !== discord) {
    throw ApiError.invalidField('event_webhooks_status', discord ? 'must be 1 (disabled) or 2 (enabled)' : 'must be enabled or disabled');
  }
  return { url, types, status: status === undefined ? undefined : statusFromJson(status) };
}

export const applicationRoutes: FastifyPluginAsyncTypebox<RouteOptions> = async (app, { ctx }) => {
  const { applications } = ctx.services;
  const auth = requireSession(ctx);
  const loginOnly = requireLoginSession(ctx);
  const security = [{ bearer: [] }];
  const tags = ['applications'];
  const errors = { 400: ApiErrorBody, 401: ApiErrorBody, 404: ApiErrorBody };
  const bodyLimit = imageBodyLimit(ctx.config, 1);

  app.post(
    '/oauth2/applications',
    {
      preHandler: loginOnly,
      bodyLimit,
      schema: {
        tags,
        security,
        summary: 'Create an application and its bot user; the response carries client_secret and bot.token, shown only here',
        body: ApplicationCreateRequest,
        response: { 201: ApplicationResponse, 400: ApiErrorBody, 401: ApiErrorBody },
      },
    },
    async (request, reply) => {
      const created = await applications.create(callerId(request), { ...applicationFieldsOf(request.body), name: request.body.name });
      return reply.code(201).send(applicationJson(created, { clientSecret: created.clientSecret, botToken: created.botToken }));
    },
  );

  const listSchema = { tags, security, summary: "The caller's applications", response: { 200: Type.Array(ApplicationResponse), 401: ApiErrorBody } };
  const list = async (request: FastifyRequest) => (await applications.list(callerId(request))).map((found) => applicationJson(found));
  app.get('/users/@me/applications', { preHandler: auth, schema: listSchema }, list);
  // Seed 002 lists the caller's applications here; Discord answers a bot its own application (as GET /applications/@me).
  app.get(
    '/oauth2/applications/@me',
    {
      preHandler: requireAuth(ctx, { accept: ['session', 'bot'] }),
      schema: {
        ...listSchema,
        security: [...security, { bot: [] }],
        summary: "A user's applications; with a Bot token, the bot's own application",
        response: { 200: Type.Union([Type.Array(ApplicationResponse), ApplicationsMeResponse]), 401: ApiErrorBody },
      },
    },
    async (request) => {
      const principal = principalOf(request, 'session', 'bot');
      return principal.kind === 'bot' ? applicationsMeJson({ application: principal.application, bot: principal.user }) : list(request);
    },
  );

  app.get(
    '/oauth2/applications/:id',
    {
      preHandler: auth,
      schema: {
        tags,
        security,
        summary: 'An application the caller owns (404 otherwise)',
        params: IdParams,
        response: { 200: ApplicationResponse, ...errors },
      },
    },
    async (request) => {
      const found = await applications.get(callerId(request), request.params.id);
      const settings = await ctx.services.events.getSettings(callerId(request), request.params.id);
      return { ...applicationJson(found), ...applicationEventFieldsJson(settings, isDiscordUrl(request.originalUrl)) };
    },
  );

  app.get(
    '/oauth2/applications/:id/public',
    {
      schema: {
        tags,
        summary: 'The public view of any application (no authentication)',
        params: IdParams,
        response: { 200: ApplicationPublicResponse, 404: ApiErrorBody },
      },
    },
    async (request) => applicationPublicJson(await applications.getPublic(request.params.id)),
  );

  app.patch(
    '/oauth2/applications/:id',
    {
      preHandler: auth,
      bodyLimit,
      schema: {
        tags,
        security,
        summary: 'Update an application; client_secret appears only when a public client is made confidential',
        params: IdParams,
        body: ApplicationPatchRequest,
        response: { 200: ApplicationResponse, ...errors },
      },
    },
    async (request) => {
      const principal = principalOf(request, 'session');
      const { id } = request.params;
      const discord = isDiscordUrl(request.originalUrl);
      const eventPatch = eventPatchOf(request.body, discord);
      // The webhook settings are checked (and a new URL PINGed) first and saved last, so a refused part changes nothing.
      const settings = eventPatch ? await ctx.services.events.prepareSettings(principal.user.id, id, eventPatch) : null;
      const fields = applicationFieldsOf(request.body);
      const updated: ApplicationWithBot & { clientSecret?: string | null } = Object.values(fields).some((value) => value !== undefined)
        ? await applications.update(principal.user.id, id, fields, principal.credential === 'login')
        : await applications.get(principal.user.id, id);
      const saved = settings ? await ctx.services.events.saveSettings(settings) : await ctx.services.events.getSettings(principal.user.id, id);
      return { ...applicationJson(updated, { clientSecret: updated.clientSecret }), ...applicationEventFieldsJson(saved, discord) };
    },
  );

  app.delete(
    '/oauth2/applications/:id',
    {
      preHandler: loginOnly,
      schema: {
        tags,
        security,
        summary: 'Delete an application, its bot user and every credential issued for it',
        params: IdParams,
        response: { 204: Type.Null(), 401: ApiErrorBody, 404: ApiErrorBody },
      },
    },
    async (request, reply) => {
      await applications.delete(callerId(request), request.params.id);
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/oauth2/applications/:id/client-secret/reset',
    {
      preHandler: loginOnly,
      schema: {
        tags,
        security,
        summary: 'Issue a new client secret (shown once); the old one stops working',
        params: IdParams,
        response: { 200: ApplicationResponse, ...errors },
      },
    },
    async (request) => {
      const reset = await applications.resetSecret(callerId(request), request.params.id);
      return applicationJson(reset, { clientSecret: reset.clientSecret });
    },
  );
};

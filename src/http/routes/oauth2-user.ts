// OAuth2 routes for users and tokens: consent (session), @me and userinfo (access token), the user's authorizations.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { userJson } from '../../accounts/user-json.js';
import { toIso } from '../../clock.js';
import { ApiError } from '../../errors/api-error.js';
import { listAuthorizations, revokeAuthorization } from '../../oauth/user-authorizations.js';
import type { ApplicationRecord } from '../../storage/types.js';
import type { RouteOptions } from '../context.js';
import { principalOf, requireAuth, requireSession } from '../plugins/authenticate.js';
import { nullable, Snowflake, UserBody } from '../schemas/common.js';

const param = (maxLength: number) => Type.Optional(Type.String({ maxLength }));

/** Seed 002 AuthorizeConsentRequest plus PKCE, nonce and `authorize` (false: the user declined; default true). */
const ConsentBody = Type.Object(
  {
    client_id: Type.String({ maxLength: 64 }),
    scope: param(1024),
    redirect_uri: param(2048),
    response_type: param(64),
    state: param(2048),
    code_challenge: param(256),
    code_challenge_method: param(16),
    nonce: param(255),
    guild_id: Type.Optional(Snowflake),
    permissions: param(32),
    authorize: Type.Optional(Type.Boolean({ description: 'false: the user declined; the redirect carries error=access_denied' })),
  },
  { additionalProperties: false },
);

const ApplicationSummary = Type.Object({
  id: Snowflake,
  name: Type.String(),
  icon: nullable(Type.String()),
  description: nullable(Type.String()),
  bot_public: Type.Boolean(),
});

const MeApplication = Type.Object({ ...ApplicationSummary.properties, bot_require_code_grant: Type.Boolean(), flags: Type.Integer() });

const MeResponse = Type.Object({
  application: MeApplication,
  scopes: Type.Array(Type.String()),
  expires: Type.String(),
  user: Type.Optional(Type.Object({ ...UserBody.properties, avatar_color: nullable(Type.Integer()) })),
});

const UserInfoResponse = Type.Object({
  sub: Snowflake,
  id: Snowflake,
  username: Type.String(),
  discriminator: Type.String(),
  global_name: nullable(Type.String()),
  avatar: nullable(Type.String()),
  flags: Type.Integer(),
  email: Type.Optional(nullable(Type.String())),
  verified: Type.Optional(Type.Boolean()),
});

const AuthorizationItem = Type.Object({ application: ApplicationSummary, scopes: Type.Array(Type.String()), authorized_at: Type.String() });

function applicationSummary(application: ApplicationRecord) {
  return {
    id: application.id,
    name: application.name,
    icon: application.icon,
    description: application.description,
    bot_public: application.botPublic,
  };
}

export const oauth2UserRoutes: FastifyPluginAsyncTypebox<RouteOptions> = async (app, { ctx }) => {
  const session = requireSession(ctx);
  const bearer = [{ bearer: [] }];
  const tags = ['oauth2'];

  app.post(
    '/oauth2/authorize/consent',
    { preHandler: session, schema: { tags, security: bearer, body: ConsentBody, response: { 200: Type.Object({ redirect_to: Type.String() }) } } },
    async (request, reply) => {
      reply.header('cache-control', 'no-store');
      const { user } = principalOf(request);
      const { authorize, ...params } = request.body;
      const start = await ctx.services.consent.start(params);
      if (start.kind === 'invalid_target') throw ApiError.invalidField(start.field, start.message);
      if (start.kind === 'redirect') return { redirect_to: start.location };
      return { redirect_to: await ctx.services.consent.decide(start.request, user, authorize === false ? 'deny' : 'approve') };
    },
  );

  app.get(
    '/oauth2/@me',
    { preHandler: requireAuth(ctx, { accept: ['oauth'] }), schema: { tags, security: bearer, response: { 200: MeResponse } } },
    async (request) => {
      const { application, token, user, scopes } = principalOf(request, 'oauth');
      return {
        application: {
          ...applicationSummary(application),
          bot_require_code_grant: application.botRequireCodeGrant,
          flags: application.flags,
        },
        scopes,
        expires: toIso(token.expiresAt),
        ...(scopes.includes('identify') && { user: { ...userJson(user, scopes.includes('email')), avatar_color: null } }),
      };
    },
  );

  app.get(
    '/oauth2/userinfo',
    { preHandler: requireAuth(ctx, { accept: ['oauth'], scope: ['identify', 'openid'] }), schema: { tags, security: bearer, response: { 200: UserInfoResponse } } },
    async (request) => {
      const { user, scopes } = principalOf(request, 'oauth');
      return {
        sub: user.id,
        id: user.id,
        username: user.username,
        discriminator: user.discriminator,
        global_name: user.globalName,
        avatar: user.avatar,
        flags: user.flags,
        ...(scopes.includes('email') && { email: user.email, verified: user.verified }),
      };
    },
  );

  app.get(
    '/oauth2/@me/authorizations',
    { preHandler: session, schema: { tags, security: bearer, response: { 200: Type.Array(AuthorizationItem) } } },
    async (request) => {
      const { user } = principalOf(request);
      const list = await listAuthorizations(ctx.services.oauth, user.id);
      return list.map(({ authorization, application }) => ({
        application: applicationSummary(application),
        scopes: authorization.scopes,
        authorized_at: toIso(authorization.createdAt),
      }));
    },
  );

  app.delete(
    '/oauth2/@me/authorizations/:application_id',
    { preHandler: session, schema: { tags, security: bearer, params: Type.Object({ application_id: Snowflake }) } },
    async (request, reply) => {
      const { user } = principalOf(request);
      if (!(await revokeAuthorization(ctx.services.oauth, user.id, request.params.application_id))) throw ApiError.notFound('authorization');
      return reply.code(204).send();
    },
  );
};

// OAuth2 routes for users and tokens: consent (session), @me and userinfo (access token), the user's authorizations.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { defaultAvatarColor, userJson } from '../../accounts/user-json.js';
import { applicationSummaryJson } from '../../applications/application-json.js';
import { toIso } from '../../clock.js';
import { ApiError } from '../../errors/api-error.js';
import { OAuthError } from '../../errors/oauth-error.js';
import { InstallParameterError, parseInstallParameters, type InstallParameters } from '../../oauth/bot-install.js';
import { listAuthorizations, revokeAuthorization } from '../../oauth/user-authorizations.js';
import { claimsForScopes, standardClaims } from '../../oidc/user-claims.js';
import type { RouteOptions } from '../context.js';
import { principalOf, requireAuth, requireLoginSession, requireSession } from '../plugins/authenticate.js';
import { ApplicationSummaryResponse } from '../schemas/applications.js';
import { nullable, Snowflake, UserBody } from '../schemas/common.js';

const param = (maxLength: number) => Type.Optional(Type.String({ maxLength }));

/**
 * Seed 002 AuthorizeConsentRequest plus PKCE, nonce, disable_guild_select and `authorize` (false: the user declined;
 * default true). With the `bot` scope, guild_id and permissions are the user's choice: bad ones are a 400 here.
 */
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
    claims: param(2048),
    prompt: param(64),
    max_age: param(16),
    login_hint: param(255),
    id_token_hint: param(8192),
    ui_locales: param(255),
    guild_id: Type.Optional(Snowflake),
    permissions: param(32),
    disable_guild_select: Type.Optional(Type.Boolean({ description: 'true: guild_id is fixed (the guild select is a page concern)' })),
    authorize: Type.Optional(Type.Boolean({ description: 'false: the user declined; the redirect carries error=access_denied' })),
  },
  { additionalProperties: false },
);

const MeApplication = Type.Object({ ...ApplicationSummaryResponse.properties, bot_require_code_grant: Type.Boolean(), flags: Type.Integer() });

const MeResponse = Type.Object({
  application: MeApplication,
  scopes: Type.Array(Type.String()),
  expires: Type.String(),
  user: Type.Optional(Type.Object({ ...UserBody.properties, avatar_color: nullable(Type.Integer()) })),
});

/** OpenID Connect standard claims by scope (profile, email), and the Discord-style fields of `identify` and `email`. */
const UserInfoResponse = Type.Object({
  sub: Snowflake,
  id: Type.Optional(Snowflake),
  username: Type.Optional(Type.String()),
  discriminator: Type.Optional(Type.String()),
  global_name: Type.Optional(nullable(Type.String())),
  avatar: Type.Optional(nullable(Type.String())),
  flags: Type.Optional(Type.Integer()),
  email: Type.Optional(nullable(Type.String())),
  verified: Type.Optional(Type.Boolean()),
  preferred_username: Type.Optional(Type.String()),
  name: Type.Optional(Type.String()),
  picture: Type.Optional(Type.String()),
  email_verified: Type.Optional(Type.Boolean()),
});

const AuthorizationItem = Type.Object({ application: ApplicationSummaryResponse, scopes: Type.Array(Type.String()), authorized_at: Type.String() });

/** The install choice (guild_id, permissions, disable_guild_select) is input from the caller's UI: 400 when bad. */
function checkInstallChoice(params: InstallParameters): void {
  try {
    parseInstallParameters(params);
  } catch (error) {
    if (error instanceof InstallParameterError) throw ApiError.invalidField(error.field, error.reason);
    throw error;
  }
}

export const oauth2UserRoutes: FastifyPluginAsyncTypebox<RouteOptions> = async (app, { ctx }) => {
  const session = requireSession(ctx);
  const bearer = [{ bearer: [] }];
  const tags = ['oauth2'];

  app.post(
    '/oauth2/authorize/consent',
    {
      preHandler: requireLoginSession(ctx),
      schema: { tags, security: bearer, body: ConsentBody, response: { 200: Type.Object({ redirect_to: Type.String() }) } },
    },
    async (request, reply) => {
      reply.header('cache-control', 'no-store');
      const signedIn = principalOf(request);
      const { authorize, disable_guild_select, ...fields } = request.body;
      const params = { ...fields, ...(disable_guild_select !== undefined && { disable_guild_select: String(disable_guild_select) }) };
      checkInstallChoice(params);
      const start = await ctx.services.consent.start(params);
      if (start.kind === 'refused') throw start.field ? ApiError.invalidField(start.field, start.message) : ApiError.badRequest(start.message);
      if (start.kind === 'redirect') return { redirect_to: start.location };
      // The caller's UI cannot sign the user in again: a sign-in that is too old (max_age, prompt=login) or of another
      // user than the id_token_hint's ends as login_required.
      if (ctx.services.consent.needsSignIn(start, signedIn)) {
        return { redirect_to: ctx.services.consent.errorLocation(start.request, new OAuthError('login_required', 'The user must sign in again')) };
      }
      const decision = authorize === false ? 'deny' : start.request.prompts.includes('none') ? 'silent' : 'approve';
      return { redirect_to: await ctx.services.consent.decide(start.request, signedIn, decision) };
    },
  );

  app.get(
    '/oauth2/@me',
    { preHandler: requireAuth(ctx, { accept: ['oauth'] }), schema: { tags, security: bearer, response: { 200: MeResponse } } },
    async (request) => {
      const { token, user, scopes } = principalOf(request, 'oauth');
      const { application } = await ctx.services.applications.getPublic(token.applicationId);
      return {
        application: {
          ...applicationSummaryJson(application),
          bot_require_code_grant: application.botRequireCodeGrant,
          flags: application.flags,
        },
        scopes,
        expires: toIso(token.expiresAt),
        ...(scopes.includes('identify') && { user: { ...userJson(user, scopes.includes('email')), avatar_color: defaultAvatarColor(user) } }),
      };
    },
  );

  // OpenID Connect Core 5.3: GET or POST with the access token as a bearer credential.
  app.route({
    method: ['GET', 'POST'],
    url: '/oauth2/userinfo',
    preHandler: requireAuth(ctx, { accept: ['oauth'], scope: ['identify', 'openid'] }),
    schema: { tags, security: bearer, response: { 200: UserInfoResponse } },
    handler: async (request, reply) => {
      reply.header('cache-control', 'no-store');
      const { user, scopes } = principalOf(request, 'oauth');
      return {
        sub: user.id,
        ...(scopes.includes('identify') && {
          id: user.id,
          username: user.username,
          discriminator: user.discriminator,
          global_name: user.globalName,
          avatar: user.avatar,
          flags: user.flags,
        }),
        ...(scopes.includes('email') && { email: user.email, verified: user.verified }),
        ...standardClaims(user, claimsForScopes(scopes), ctx.config.issuer),
      };
    },
  });

  app.get(
    '/oauth2/@me/authorizations',
    { preHandler: session, schema: { tags, security: bearer, response: { 200: Type.Array(AuthorizationItem) } } },
    async (request) => {
      const { user } = principalOf(request);
      const list = await listAuthorizations(ctx.services.oauth, user.id);
      return list.map(({ authorization, application }) => ({
        application: applicationSummaryJson(application),
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
      if (!(await revokeAuthorization(ctx.services.oauth, user, request.params.application_id))) throw ApiError.notFound('authorization');
      return reply.code(204).send();
    },
  );
};

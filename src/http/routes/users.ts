// The calling user's own profile: GET /users/@me (a session, or a bot with its token; bots have no email) and PATCH, and
// the user's linked upstream accounts as Discord connections.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { userJson } from '../../accounts/user-json.js';
import { ApiError } from '../../errors/api-error.js';
import { EMAIL_MAX, EMAIL_PATTERN, GLOBAL_NAME_MAX, PASSWORD_MAX, PASSWORD_MIN } from '../../accounts/usernames.js';
import { connectionJson } from '../../upstream/connection-json.js';
import type { RouteOptions } from '../context.js';
import { principalOf, refuseApiToken, requireAuth, requireSession } from '../plugins/authenticate.js';
import { nullable, UserBody } from '../schemas/common.js';

const ProfilePatch = Type.Object(
  {
    global_name: Type.Optional(nullable(Type.String({ minLength: 1, maxLength: GLOBAL_NAME_MAX }))),
    email: Type.Optional(nullable(Type.String({ maxLength: EMAIL_MAX, pattern: EMAIL_PATTERN }))),
    password: Type.Optional(Type.String({ minLength: 1, maxLength: PASSWORD_MAX })),
    new_password: Type.Optional(Type.String({ minLength: PASSWORD_MIN, maxLength: PASSWORD_MAX })),
    keep_authorizations: Type.Optional(
      Type.Boolean({ description: 'With new_password: keep the authorized applications listed (their tokens are revoked all the same)' }),
    ),
  },
  { additionalProperties: false, minProperties: 1 },
);

const Connection = Type.Object({
  id: Type.String(),
  name: Type.String(),
  type: Type.String({ description: 'The upstream provider' }),
  verified: Type.Boolean(),
  friend_sync: Type.Boolean(),
  show_activity: Type.Boolean(),
  two_way_link: Type.Boolean(),
  visibility: Type.Integer(),
  revoked: Type.Boolean(),
  integrations: Type.Array(Type.Never()),
});

export const userRoutes: FastifyPluginAsyncTypebox<RouteOptions> = async (app, { ctx }) => {
  const auth = requireSession(ctx);
  const security = [{ bearer: [] }];

  // Sessions see the email; bots never have one; OAuth2 tokens need `identify`, and see the email only with `email`.
  app.get(
    '/users/@me',
    {
      preHandler: requireAuth(ctx, { accept: ['session', 'oauth', 'bot'], scope: 'identify' }),
      schema: { tags: ['users'], security: [...security, { bot: [] }], response: { 200: UserBody } },
    },
    async (request) => {
      const principal = principalOf(request, 'session', 'oauth', 'bot');
      return userJson(principal.user, principal.kind === 'session' || (principal.kind === 'oauth' && principal.scopes.includes('email')));
    },
  );

  app.get(
    '/users/@me/connections',
    {
      preHandler: requireAuth(ctx, { accept: ['session', 'oauth'], scope: 'connections' }),
      schema: { tags: ['users'], security, summary: "The caller's linked upstream accounts as connection objects", response: { 200: Type.Array(Connection) } },
    },
    async (request) => {
      const { user } = principalOf(request, 'session', 'oauth');
      return (await ctx.store.identities.listForUser(user.id)).map(connectionJson);
    },
  );

  app.patch('/users/@me', { preHandler: auth, schema: { tags: ['users'], security, body: ProfilePatch, response: { 200: UserBody } } }, async (request) => {
    const principal = principalOf(request, 'session');
    const { user, session } = principal;
    const { global_name, email, password, new_password, keep_authorizations } = request.body;
    if ((email !== undefined && email !== user.email) || new_password !== undefined) refuseApiToken(principal);
    if (keep_authorizations !== undefined && new_password === undefined) throw ApiError.invalidField('keep_authorizations', 'goes only with new_password');
    const updated = await ctx.services.accounts.changeProfile(
      user,
      { globalName: global_name, email, currentPassword: password, newPassword: new_password, keepAuthorizations: keep_authorizations },
      session.id,
    );
    return userJson(updated, true);
  });
};

// Local account routes: register, login and logout (DESIGN.md "Shapes"), each answering a login session.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { clientInfo, signUp } from '../../accounts/sign-up.js';
import { userJson } from '../../accounts/user-json.js';
import { EMAIL_MAX, EMAIL_PATTERN, PASSWORD_MAX, PASSWORD_MIN, USERNAME_MAX, USERNAME_PATTERN } from '../../accounts/usernames.js';
import { toIso } from '../../clock.js';
import { PASSWORD_AMR, type IssuedSession } from '../../sessions/sessions-service.js';
import type { UserRecord } from '../../storage/types.js';
import type { RouteOptions } from '../context.js';
import { principalOf, requireSession } from '../plugins/authenticate.js';
import { Snowflake, UserBody } from '../schemas/common.js';

export const SessionGrantBody = Type.Object({
  token: Type.String(),
  session_id: Type.String(),
  user_id: Snowflake,
  expires_at: Type.Union([Type.String(), Type.Null()]),
  user: UserBody,
});

export function sessionGrantJson(user: UserRecord, issued: IssuedSession) {
  return {
    token: issued.token,
    session_id: issued.session.id,
    user_id: user.id,
    expires_at: issued.session.expiresAt === null ? null : toIso(issued.session.expiresAt),
    user: userJson(user, true),
  };
}

export const RegisterBody = Type.Object(
  {
    username: Type.String({ maxLength: USERNAME_MAX, pattern: USERNAME_PATTERN }),
    password: Type.String({ minLength: PASSWORD_MIN, maxLength: PASSWORD_MAX }),
    email: Type.Optional(Type.String({ maxLength: EMAIL_MAX, pattern: EMAIL_PATTERN })),
  },
  { additionalProperties: false },
);

const LoginBody = Type.Object(
  {
    login: Type.String({ minLength: 1, maxLength: EMAIL_MAX }),
    password: Type.String({ minLength: 1, maxLength: PASSWORD_MAX }),
  },
  { additionalProperties: false },
);

export const authRoutes: FastifyPluginAsyncTypebox<RouteOptions> = async (app, { ctx }) => {
  const { accounts, sessions } = ctx.services;

  app.post(
    '/auth/register',
    { schema: { tags: ['auth'], summary: 'Create a local account and log in', body: RegisterBody, response: { 201: SessionGrantBody } } },
    async (request, reply) => {
      const granted = await signUp(ctx.store, ctx.services, request.body, clientInfo(request), ctx.clock.now());
      return reply.code(201).send(sessionGrantJson(granted.user, granted.issued));
    },
  );

  app.post(
    '/auth/login',
    { schema: { tags: ['auth'], summary: 'Log in with username or email and password', body: LoginBody, response: { 200: SessionGrantBody } } },
    async (request) => {
      const user = await accounts.verifyLogin(request.body.login, request.body.password, request.ip);
      return sessionGrantJson(user, await sessions.issue(user.id, 'login', { ...clientInfo(request), amr: PASSWORD_AMR }));
    },
  );

  app.post(
    '/auth/logout',
    { preHandler: requireSession(ctx), schema: { tags: ['auth'], summary: 'End the calling session', security: [{ bearer: [] }] } },
    async (request, reply) => {
      const { user, session } = principalOf(request, 'session');
      await sessions.revoke(user.id, session.id);
      return reply.code(204).send();
    },
  );
};

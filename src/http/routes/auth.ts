// Local account routes: register, login and logout (DESIGN.md "Shapes"), each answering a login session.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { clientInfo, signUp } from '../../accounts/sign-up.js';
import { PASSWORD_AMR } from '../../sessions/sessions-service.js';
import type { RouteOptions } from '../context.js';
import { principalOf, requireSession } from '../plugins/authenticate.js';
import { LoginBody, RegisterBody, SessionGrantBody, sessionGrantJson } from '../schemas/auth.js';

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

// Sessions and API tokens (seed 004): the current session, the list, API token creation and revocation.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { toIso } from '../../clock.js';
import { ApiError } from '../../errors/api-error.js';
import type { RouteOptions } from '../context.js';
import { principalOf, refuseApiToken, requireLoginSession, requireSession } from '../plugins/authenticate.js';
import { CreateApiToken, CreatedApiToken, CurrentSession, SessionId, SessionListItem } from '../schemas/sessions.js';

export const sessionRoutes: FastifyPluginAsyncTypebox<RouteOptions> = async (app, { ctx }) => {
  const auth = requireSession(ctx);
  const security = [{ bearer: [] }];
  const tags = ['sessions'];

  app.get('/sessions/@me', { preHandler: auth, schema: { tags, security, response: { 200: CurrentSession } } }, async (request) => {
    const { user, session } = principalOf(request, 'session');
    return { user_id: user.id, session_id: session.id, state: user.state, type: session.type };
  });

  app.get('/sessions', { preHandler: auth, schema: { tags, security, response: { 200: Type.Array(SessionListItem) } } }, async (request) => {
    const { user, session: current } = principalOf(request, 'session');
    const sessions = await ctx.services.sessions.list(user.id);
    return sessions.map((session) => ({
      id: session.id,
      type: session.type,
      name: session.name,
      created_at: toIso(session.createdAt),
      expires_at: session.expiresAt === null ? null : toIso(session.expiresAt),
      current: session.id === current.id,
    }));
  });

  app.post(
    '/sessions',
    { preHandler: requireLoginSession(ctx), schema: { tags, security, body: CreateApiToken, response: { 201: CreatedApiToken } } },
    async (request, reply) => {
      const { user } = principalOf(request, 'session');
      const { token, session } = await ctx.services.sessions.issueApiToken(user.id, {
        name: request.body.name,
        expiresIn: request.body.expires_in,
        ip: request.ip,
      });
      return reply.code(201).send({
        token,
        session_id: session.id,
        user_id: user.id,
        name: request.body.name,
        type: 'api' as const,
        expires_at: session.expiresAt === null ? null : toIso(session.expiresAt),
      });
    },
  );

  app.delete('/sessions/:id', { preHandler: auth, schema: { tags, security, params: SessionId } }, async (request, reply) => {
    const principal = principalOf(request, 'session');
    // An API token may end itself, never another session.
    if (request.params.id !== principal.session.id) refuseApiToken(principal);
    const { user } = principal;
    if (!(await ctx.services.sessions.revoke(user.id, request.params.id))) throw ApiError.notFound('session');
    return reply.code(204).send();
  });
};

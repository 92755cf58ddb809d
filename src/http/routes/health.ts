// Liveness and readiness probes: /healthz answers while the process runs, /readyz pings the database.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { RouteOptions } from '../context.js';

const Status = Type.Object({ status: Type.String() });

export const healthRoutes: FastifyPluginAsyncTypebox<RouteOptions> = async (app, { ctx }) => {
  app.get('/healthz', { schema: { tags: ['operations'], response: { 200: Status } } }, async () => ({ status: 'ok' }));

  app.get('/readyz', { schema: { tags: ['operations'], response: { 200: Status, 503: Status } } }, async (request, reply) => {
    try {
      await ctx.store.ping();
      return { status: 'ok' };
    } catch (error) {
      request.log.warn({ err: error }, 'database ping failed');
      return reply.code(503).send({ status: 'database unavailable' });
    }
  });
};

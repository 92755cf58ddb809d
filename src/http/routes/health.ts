// Liveness and readiness probes: /healthz answers while the process runs; /readyz checks the database answers with every
// migration applied and Redis (when configured) answers.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Redis } from 'ioredis';
import { Type } from 'typebox';
import type { RouteOptions } from '../context.js';

const Status = Type.Object({ status: Type.String() });

/** Why the node is not ready, or null when it is. */
async function notReadyReason(options: RouteOptions & { redis: Redis | null }, log: { warn(details: object, message: string): void }): Promise<string | null> {
  let pending: string[];
  try {
    pending = await options.ctx.store.pendingMigrations();
  } catch (error) {
    log.warn({ err: error }, 'readiness: the database does not answer');
    return 'database unavailable';
  }
  if (pending.length > 0) return 'migrations pending';
  if (options.redis) {
    try {
      await options.redis.ping();
    } catch (error) {
      log.warn({ err: error }, 'readiness: Redis does not answer');
      return 'redis unavailable';
    }
  }
  return null;
}

export const healthRoutes: FastifyPluginAsyncTypebox<RouteOptions & { redis: Redis | null }> = async (app, options) => {
  app.get('/healthz', { schema: { tags: ['operations'], response: { 200: Status } } }, async () => ({ status: 'ok' }));

  app.get('/readyz', { schema: { tags: ['operations'], response: { 200: Status, 503: Status } } }, async (request, reply) => {
    const reason = await notReadyReason(options, request.log);
    return reason === null ? { status: 'ok' } : reply.code(503).send({ status: reason });
  });
};

// Request ids (a proxy's X-Request-Id when GUILDGATE_TRUST_PROXY is on, else generated), one log line per request, and
// one metrics observation per request.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { LogController, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { AppMetrics } from '../../metrics/app-metrics.js';
import { rateLimitRejections } from '../../metrics/counters.js';

const REQUEST_ID_MAX = 128;
const SAFE_REQUEST_ID = /^[A-Za-z0-9._:-]+$/;

/** Fastify's genReqId: the incoming X-Request-Id when the proxy in front is trusted and it is short and plain, else a UUID. */
export function requestIdGenerator(trustProxy: boolean): (request: IncomingMessage) => string {
  if (!trustProxy) return () => randomUUID();
  return (request) => {
    const incoming = request.headers['x-request-id'];
    return typeof incoming === 'string' && incoming.length <= REQUEST_ID_MAX && SAFE_REQUEST_ID.test(incoming) ? incoming : randomUUID();
  };
}

const routeOf = (request: FastifyRequest): string => request.routeOptions.url ?? 'unmatched';

/**
 * Fastify's request log lines reduced to one per request, written on completion (method, path, route, status, time);
 * every line logged for a request carries its `reqId`.
 */
export class RequestLog extends LogController {
  override incomingRequest(): void {}

  override routeNotFound(): void {}

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    const line = { req: request, route: routeOf(request), statusCode: reply.statusCode, responseTime: reply.elapsedTime };
    if (error) reply.log.error({ ...line, err: error }, 'request errored');
    else reply.log.info(line, 'request completed');
  }
}

/** Returns the request id in X-Request-Id; with metrics, observes each request's duration once and counts 429s. */
export function registerRequestHooks(app: FastifyInstance, metrics: AppMetrics | null): void {
  app.addHook('onRequest', (request, reply, done) => {
    reply.header('x-request-id', request.id);
    done();
  });
  if (!metrics) return;
  app.addHook('onResponse', (request, reply, done) => {
    const statusCode = reply.statusCode;
    metrics.observe(request.method, routeOf(request), statusCode, reply.elapsedTime / 1000);
    if (statusCode === 429) rateLimitRejections.inc({ bucket: String(reply.getHeader('x-ratelimit-bucket') ?? 'unknown').slice(0, 64) });
    done();
  });
}

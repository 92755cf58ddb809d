// Rate limits on the client-authenticated OAuth endpoints, per client and per IP, with Discord-style X-RateLimit-* headers.
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyReply, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import type { Redis } from 'ioredis';
import { OAuthError } from '../../errors/oauth-error.js';

export const OAUTH_LIMITS = {
  perIp: { max: 300, timeWindow: 60_000 },
  perClient: { max: 120, timeWindow: 60_000 },
} as const;

/** Registers the limiter store: Redis when given (shared across nodes), else in process. */
export async function registerRateLimits(app: FastifyInstance, redis: Redis | null): Promise<void> {
  await app.register(rateLimit, { global: false, ...(redis && { redis, nameSpace: 'guildgate:rate:' }) });
}

/** The client a request names: Basic user-id or client_id parameter (unauthenticated yet: only a bucket key). */
function clientKey(request: FastifyRequest): string {
  const header = request.headers.authorization;
  if (header?.toLowerCase().startsWith('basic ')) {
    const decoded = Buffer.from(header.slice(6).trim(), 'base64').toString('utf8');
    return decoded.slice(0, Math.max(0, decoded.indexOf(':'))).slice(0, 64);
  }
  const id = (request.body as Record<string, unknown> | undefined)?.client_id;
  return typeof id === 'string' ? id.slice(0, 64) : '';
}

type Limiter = ReturnType<FastifyInstance['createRateLimit']>;
type LimitState = Exclude<Awaited<ReturnType<Limiter>>, { isAllowed: true }>;

function setHeaders(reply: FastifyReply, bucket: string, state: LimitState): void {
  reply.header('x-ratelimit-limit', state.max);
  reply.header('x-ratelimit-remaining', state.remaining);
  reply.header('x-ratelimit-reset', ((Date.now() + state.ttl) / 1000).toFixed(3));
  reply.header('x-ratelimit-reset-after', (state.ttl / 1000).toFixed(3));
  reply.header('x-ratelimit-bucket', bucket);
}

/**
 * A preHandler applying the per-IP and per-client limits of one endpoint (after body parsing, to see client_id).
 * Answers 429 `temporarily_unavailable` with Retry-After; the headers report the tighter of the two limits.
 * Null when rate limiting is off.
 */
export function oauthRateLimit(app: FastifyInstance, bucket: string, enabled: boolean): preHandlerAsyncHookHandler | null {
  if (!enabled) return null;
  const perIp = app.createRateLimit({ ...OAUTH_LIMITS.perIp, keyGenerator: (request) => `${bucket}:ip:${request.ip}` });
  const perClient = app.createRateLimit({ ...OAUTH_LIMITS.perClient, keyGenerator: (request) => `${bucket}:client:${clientKey(request)}` });
  return async (request, reply) => {
    const states = [await perIp(request), await perClient(request)].filter((state): state is LimitState => !state.isAllowed);
    if (states.length === 0) return;
    const exceeded = states.find((state) => state.isExceeded);
    setHeaders(reply, bucket, exceeded ?? states.reduce((a, b) => (b.remaining < a.remaining ? b : a)));
    if (exceeded) {
      throw new OAuthError('temporarily_unavailable', 'You are being rate limited', 429, { 'retry-after': String(exceeded.ttlInSeconds) });
    }
  };
}

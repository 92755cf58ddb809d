// The OAuth endpoints' limits: a request budget per address counted before anything else, and client authentication
// through the client gate (failures per address and per claimed client, the budget per authenticated client).
import type { FastifyReply, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import type { Clock } from '../../clock.js';
import type { GuardedLimit } from '../../limits/guarded-limit.js';
import type { ClientGate } from '../../oauth/client-gate.js';
import type { OAuthRequestInput } from '../../oauth/token-endpoint.js';

/** A preHandler counting the request against its address's budget at `endpoint`; null when request budgets are off. */
export function addressBudget(limit: GuardedLimit | null, endpoint: string, clock: Clock): preHandlerAsyncHookHandler | null {
  if (!limit) return null;
  return async (request) => {
    await limit.enforce(`${endpoint}:${request.ip}`, clock.now(), 'You are being rate limited');
  };
}

/**
 * The request as the protocol core takes it: the header and the validated parameters, its client authenticated
 * through the gate, the client budget's X-RateLimit-* headers set on the reply.
 */
export function gatedInput(
  gate: ClientGate,
  endpoint: string,
  request: FastifyRequest,
  reply: FastifyReply,
  params = (request.body ?? {}) as Record<string, string | undefined>,
): OAuthRequestInput {
  return {
    authorization: request.headers.authorization,
    params,
    async authenticate(credentials) {
      const { client, headers } = await gate.authenticate(credentials, request.ip, endpoint);
      reply.headers(headers);
      return client;
    },
  };
}

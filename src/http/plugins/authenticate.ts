// Credential checks for API routes: `Authorization: Bearer <session or API token>` (more kinds join later).
import type { FastifyReply, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import { tokenKind } from '../../crypto/tokens.js';
import { ApiError } from '../../errors/api-error.js';
import type { SessionRecord, UserRecord } from '../../storage/types.js';
import type { AppContext } from '../context.js';

export interface SessionPrincipal {
  kind: 'session';
  user: UserRecord;
  session: SessionRecord;
}

export type Principal = SessionPrincipal;

declare module 'fastify' {
  interface FastifyRequest {
    principal?: Principal;
  }
}

const INVALID_TOKEN = 'Bearer realm="guildgate", error="invalid_token"';

/** Splits `Authorization: <scheme> <credentials>`; null when absent or malformed. */
export function parseAuthorization(header: string | undefined): { scheme: string; credentials: string } | null {
  if (!header) return null;
  const space = header.indexOf(' ');
  if (space <= 0) return null;
  const credentials = header.slice(space + 1).trim();
  return credentials ? { scheme: header.slice(0, space).toLowerCase(), credentials } : null;
}

async function resolveSession(ctx: AppContext, token: string): Promise<Principal | null> {
  const kind = tokenKind(token);
  if (kind !== 'session' && kind !== 'api') return null;
  const found = await ctx.services.sessions.authenticate(token);
  return found ? { kind: 'session', user: found.user, session: found.session } : null;
}

/** A preHandler that admits a valid, unbanned session or API token and sets `request.principal`. */
export function requireSession(ctx: AppContext): preHandlerAsyncHookHandler {
  return async function authenticate(request: FastifyRequest, _reply: FastifyReply) {
    const authorization = parseAuthorization(request.headers.authorization);
    if (!authorization) throw ApiError.unauthorized('Missing Authorization header');
    if (authorization.scheme !== 'bearer') throw ApiError.unauthorized('Unsupported authorization scheme', INVALID_TOKEN);
    const principal = await resolveSession(ctx, authorization.credentials);
    if (!principal) throw ApiError.unauthorized('Invalid or expired token', INVALID_TOKEN);
    if (principal.user.state === 'banned') throw ApiError.forbidden('USER_BANNED', 'This account is banned');
    request.principal = principal;
  };
}

/** The principal set by an authentication preHandler (routes only call this behind one). */
export function principalOf(request: FastifyRequest): Principal {
  if (!request.principal) throw new Error('route reached without authentication');
  return request.principal;
}

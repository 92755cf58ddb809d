// Credential checks for API routes: `Bearer <session or API token>` and `Bot <bot token>`; each route names the kinds it accepts.
import type { FastifyReply, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import { tokenKind } from '../../crypto/tokens.js';
import { ApiError } from '../../errors/api-error.js';
import type { ApplicationRecord, SessionRecord, UserRecord } from '../../storage/types.js';
import type { AppContext } from '../context.js';

export interface SessionPrincipal {
  kind: 'session';
  user: UserRecord;
  session: SessionRecord;
}

/** A bot acting with its token: `user` is the bot user. */
export interface BotPrincipal {
  kind: 'bot';
  user: UserRecord;
  application: ApplicationRecord;
}

export type Principal = SessionPrincipal | BotPrincipal;
export type PrincipalKind = Principal['kind'];

declare module 'fastify' {
  interface FastifyRequest {
    principal?: Principal;
  }
}

/**
 * How each kind of principal is presented and resolved. A resolver answers null for a token that is not its
 * kind (kinds sharing a scheme tell their tokens apart by prefix), so a new kind is one more entry here.
 */
const KINDS: { [K in PrincipalKind]: { scheme: string; resolve(ctx: AppContext, token: string): Promise<Principal | null> } } = {
  session: {
    scheme: 'Bearer',
    async resolve(ctx, token) {
      const kind = tokenKind(token);
      if (kind !== 'session' && kind !== 'api') return null;
      const found = await ctx.services.sessions.authenticate(token);
      return found ? { kind: 'session', user: found.user, session: found.session } : null;
    },
  },
  bot: {
    scheme: 'Bot',
    async resolve(ctx, token) {
      if (tokenKind(token) !== 'bot') return null;
      const found = await ctx.services.bots.authenticate(token);
      return found ? { kind: 'bot', user: found.bot, application: found.application } : null;
    },
  },
};

/** Splits `Authorization: <scheme> <credentials>`; null when absent or malformed. */
export function parseAuthorization(header: string | undefined): { scheme: string; credentials: string } | null {
  if (!header) return null;
  const space = header.indexOf(' ');
  if (space <= 0) return null;
  const credentials = header.slice(space + 1).trim();
  return credentials ? { scheme: header.slice(0, space).toLowerCase(), credentials } : null;
}

function challenge(schemes: string[], error?: string): string {
  return schemes.map((scheme) => `${scheme} realm="guildgate"${error ? `, error="${error}"` : ''}`).join(', ');
}

/** A preHandler that admits a valid, unbanned principal of one of the accepted kinds and sets `request.principal`. */
export function requireAuth(ctx: AppContext, options: { accept: PrincipalKind[] }): preHandlerAsyncHookHandler {
  const schemes = [...new Set(options.accept.map((kind) => KINDS[kind].scheme))];
  return async function authenticate(request: FastifyRequest, _reply: FastifyReply) {
    const authorization = parseAuthorization(request.headers.authorization);
    if (!authorization) throw ApiError.unauthorized('Missing Authorization header', challenge(schemes));
    const candidates = options.accept.filter((kind) => KINDS[kind].scheme.toLowerCase() === authorization.scheme);
    if (candidates.length === 0) throw ApiError.unauthorized('Unsupported authorization scheme', challenge(schemes, 'invalid_token'));
    let principal: Principal | null = null;
    for (const kind of candidates) {
      principal = await KINDS[kind].resolve(ctx, authorization.credentials);
      if (principal) break;
    }
    if (!principal) throw ApiError.unauthorized('Invalid or expired token', challenge(schemes, 'invalid_token'));
    if (principal.user.state === 'banned') throw ApiError.forbidden('USER_BANNED', 'This account is banned');
    request.principal = principal;
  };
}

/** A preHandler that admits a valid, unbanned session or API token (`Bearer`) only. */
export function requireSession(ctx: AppContext): preHandlerAsyncHookHandler {
  return requireAuth(ctx, { accept: ['session'] });
}

/**
 * The principal set by an authentication preHandler (routes only call this behind one); with `kind`, narrowed to
 * that kind, for routes that accept only it.
 */
export function principalOf(request: FastifyRequest): Principal;
export function principalOf<K extends PrincipalKind>(request: FastifyRequest, kind: K): Extract<Principal, { kind: K }>;
export function principalOf(request: FastifyRequest, kind?: PrincipalKind): Principal {
  const principal = request.principal;
  if (!principal) throw new Error('route reached without authentication');
  if (kind !== undefined && principal.kind !== kind) throw new Error(`route for ${kind} principals reached by a ${principal.kind} principal`);
  return principal;
}

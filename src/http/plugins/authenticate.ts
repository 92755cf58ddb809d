// Credential checks for API routes: `Authorization: Bearer <session, API or OAuth2 access token>` (RFC 6750), with scopes.
import type { FastifyReply, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import { tokenKind } from '../../crypto/tokens.js';
import { ApiError } from '../../errors/api-error.js';
import { authenticateAccessToken } from '../../oauth/access-tokens.js';
import type { Scope } from '../../oauth/scopes.js';
import type { ApplicationRecord, OAuthTokenRecord, SessionRecord, UserRecord } from '../../storage/types.js';
import type { AppContext } from '../context.js';

export interface SessionPrincipal {
  kind: 'session';
  user: UserRecord;
  session: SessionRecord;
}

/** A user acting through an application with an OAuth2 access token limited to its scopes. */
export interface OAuthPrincipal {
  kind: 'oauth';
  user: UserRecord;
  token: OAuthTokenRecord;
  scopes: string[];
  application: ApplicationRecord;
}

export type Principal = SessionPrincipal | OAuthPrincipal;

export type PrincipalKind = Principal['kind'];

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

async function resolveOAuth(ctx: AppContext, token: string): Promise<Principal | null> {
  if (tokenKind(token) !== 'access') return null;
  const found = await authenticateAccessToken(ctx.services.oauth, token);
  return found ? { kind: 'oauth', user: found.user, token: found.token, scopes: found.token.scopes, application: found.application } : null;
}

/** Bearer resolvers by principal kind; each answers null at once for tokens whose prefix is not its own. */
const BEARER_RESOLVERS: Record<PrincipalKind, (ctx: AppContext, token: string) => Promise<Principal | null>> = {
  session: resolveSession,
  oauth: resolveOAuth,
};

export interface AuthRequirement {
  accept: readonly PrincipalKind[];
  /** OAuth2 tokens must carry this scope (or one of these); other principals are not scoped. */
  scope?: Scope | readonly Scope[];
}

function insufficientScope(scopes: readonly Scope[]): ApiError {
  const list = scopes.join(' ');
  return new ApiError(403, 'INSUFFICIENT_SCOPE', `This token needs the scope: ${list}`, undefined, {
    'www-authenticate': `Bearer realm="guildgate", error="insufficient_scope", scope="${list}"`,
  });
}

/** A preHandler admitting the accepted kinds of credentials (with the scope, for OAuth2 tokens); sets `request.principal`. */
export function requireAuth(ctx: AppContext, requirement: AuthRequirement): preHandlerAsyncHookHandler {
  const scopes = requirement.scope === undefined ? [] : ([] as Scope[]).concat(requirement.scope);
  return async function authenticate(request: FastifyRequest, _reply: FastifyReply) {
    const authorization = parseAuthorization(request.headers.authorization);
    if (!authorization) throw ApiError.unauthorized('Missing Authorization header');
    if (authorization.scheme !== 'bearer') throw ApiError.unauthorized('Unsupported authorization scheme', INVALID_TOKEN);
    let principal: Principal | null = null;
    for (const kind of requirement.accept) {
      principal = await BEARER_RESOLVERS[kind](ctx, authorization.credentials);
      if (principal) break;
    }
    if (!principal) throw ApiError.unauthorized('Invalid or expired token', INVALID_TOKEN);
    if (principal.user.state === 'banned') throw ApiError.forbidden('USER_BANNED', 'This account is banned');
    if (principal.kind === 'oauth' && scopes.length > 0 && !scopes.some((scope) => principal.scopes.includes(scope))) {
      throw insufficientScope(scopes);
    }
    request.principal = principal;
  };
}

/** A preHandler that admits a valid, unbanned session or API token and sets `request.principal`. */
export function requireSession(ctx: AppContext): preHandlerAsyncHookHandler {
  return requireAuth(ctx, { accept: ['session'] });
}

/** The principal set by an authentication preHandler, narrowed to the kinds the route accepts (default: session). */
export function principalOf<K extends PrincipalKind = 'session'>(request: FastifyRequest, ...kinds: K[]): Extract<Principal, { kind: K }> {
  const allowed: readonly PrincipalKind[] = kinds.length > 0 ? kinds : ['session'];
  if (!request.principal || !allowed.includes(request.principal.kind)) throw new Error('route reached without the authentication it needs');
  return request.principal as Extract<Principal, { kind: K }>;
}

// Credential checks for API routes: `Bearer` session, API or OAuth2 access tokens (RFC 6750, with scopes) and `Bot` tokens.
import { looksLikeJwt } from '../../oidc/jwt-access-token.js';
import type { FastifyReply, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import { tokenKind } from '../../crypto/tokens.js';
import { ApiError } from '../../errors/api-error.js';
import { authenticateAccessToken } from '../../oauth/access-tokens.js';
import type { Scope } from '../../oauth/scopes.js';
import type { ApplicationRecord, OAuthTokenRecord, SessionRecord, UserRecord } from '../../storage/types.js';
import type { AppContext } from '../context.js';

/** How a session principal signed in: a login (password, upstream, app login) or an API token made for automation. */
export type SessionCredential = 'login' | 'api';

export interface SessionPrincipal {
  kind: 'session';
  credential: SessionCredential;
  user: UserRecord;
  session: SessionRecord;
}

/** A bot acting with its token: `user` is the bot user. */
export interface BotPrincipal {
  kind: 'bot';
  user: UserRecord;
  application: ApplicationRecord;
}

/** A user acting through an application (`token.applicationId`) with an OAuth2 access token limited to its scopes. */
export interface OAuthPrincipal {
  kind: 'oauth';
  user: UserRecord;
  token: OAuthTokenRecord;
  scopes: string[];
}

export type Principal = SessionPrincipal | BotPrincipal | OAuthPrincipal;
export type PrincipalKind = Principal['kind'];

declare module 'fastify' {
  interface FastifyRequest {
    principal?: Principal;
  }
}

/**
 * How each kind of principal is presented and resolved. A resolver answers null at once for a token that is not
 * its kind (kinds sharing a scheme tell their tokens apart by prefix), so a new kind is one more entry here.
 */
const KINDS: { [K in PrincipalKind]: { scheme: string; resolve(ctx: AppContext, token: string): Promise<Principal | null> } } = {
  session: {
    scheme: 'Bearer',
    async resolve(ctx, token) {
      const kind = tokenKind(token);
      if (kind !== 'session' && kind !== 'api') return null;
      const found = await ctx.services.sessions.authenticate(token);
      if (!found) return null;
      return { kind: 'session', credential: found.session.type === 'api' ? 'api' : 'login', user: found.user, session: found.session };
    },
  },
  oauth: {
    scheme: 'Bearer',
    async resolve(ctx, token) {
      if (tokenKind(token) !== 'access' && !looksLikeJwt(token)) return null;
      const found = await authenticateAccessToken(ctx.services.oauth, token);
      return found ? { kind: 'oauth', user: found.user, token: found.token, scopes: found.token.scopes } : null;
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

/** RFC 7235 challenges for every accepted scheme; the error (RFC 6750 3.1) goes on the scheme the client presented. */
function challenge(schemes: string[], error?: { code: string; scheme: string }): string {
  return schemes.map((scheme) => `${scheme} realm="guildgate"${error && scheme.toLowerCase() === error.scheme ? `, error="${error.code}"` : ''}`).join(', ');
}

function insufficientScope(scopes: readonly Scope[]): ApiError {
  const list = scopes.join(' ');
  return new ApiError(403, 'INSUFFICIENT_SCOPE', `This token needs the scope: ${list}`, undefined, {
    'www-authenticate': `Bearer realm="guildgate", error="insufficient_scope", scope="${list}"`,
  });
}

export interface AuthRequirement {
  accept: readonly PrincipalKind[];
  /** OAuth2 tokens must carry this scope (or one of these); other principals are not scoped. */
  scope?: Scope | readonly Scope[];
  /** Sessions must be login sessions: API tokens are refused (they never mint credentials or approve anything). */
  loginOnly?: boolean;
}

/**
 * Refuses an API token where a login session is needed: minting or resetting credentials, deleting applications,
 * changing the email or password, ending other sessions, approving consents and bot installs.
 */
export function refuseApiToken(principal: Principal): void {
  if (principal.kind === 'session' && principal.credential === 'api') throw ApiError.loginSessionRequired();
}

/** A preHandler admitting a valid, unbanned principal of the accepted kinds (OAuth2 tokens with the scope); sets `request.principal`. */
export function requireAuth(ctx: AppContext, requirement: AuthRequirement): preHandlerAsyncHookHandler {
  const schemes = [...new Set(requirement.accept.map((kind) => KINDS[kind].scheme))];
  const scopes = requirement.scope === undefined ? [] : ([] as Scope[]).concat(requirement.scope);
  return async function authenticate(request: FastifyRequest, _reply: FastifyReply) {
    const authorization = parseAuthorization(request.headers.authorization);
    if (!authorization) throw ApiError.unauthorized('Missing Authorization header', challenge(schemes));
    const candidates = requirement.accept.filter((kind) => KINDS[kind].scheme.toLowerCase() === authorization.scheme);
    if (candidates.length === 0) throw ApiError.unauthorized('Unsupported authorization scheme', challenge(schemes));
    let principal: Principal | null = null;
    for (const kind of candidates) {
      principal = await KINDS[kind].resolve(ctx, authorization.credentials);
      if (principal) break;
    }
    if (!principal) {
      throw ApiError.unauthorized('Invalid or expired token', challenge(schemes, { code: 'invalid_token', scheme: authorization.scheme }));
    }
    if (principal.user.state === 'banned') throw ApiError.forbidden('USER_BANNED', 'This account is banned');
    if (principal.kind === 'oauth' && scopes.length > 0 && !scopes.some((scope) => principal.scopes.includes(scope))) {
      throw insufficientScope(scopes);
    }
    if (requirement.loginOnly) refuseApiToken(principal);
    request.principal = principal;
  };
}

/** A preHandler that admits a valid, unbanned session or API token (`Bearer`) only. */
export function requireSession(ctx: AppContext): preHandlerAsyncHookHandler {
  return requireAuth(ctx, { accept: ['session'] });
}

/** A preHandler that admits a valid, unbanned login session only (`Bearer`); API tokens get 403 LOGIN_SESSION_REQUIRED. */
export function requireLoginSession(ctx: AppContext): preHandlerAsyncHookHandler {
  return requireAuth(ctx, { accept: ['session'], loginOnly: true });
}

/** The principal set by an authentication preHandler, narrowed to the kinds the route accepts (default: session). */
export function principalOf<K extends PrincipalKind = 'session'>(request: FastifyRequest, ...kinds: K[]): Extract<Principal, { kind: K }> {
  const allowed: readonly PrincipalKind[] = kinds.length > 0 ? kinds : ['session'];
  if (!request.principal || !allowed.includes(request.principal.kind)) throw new Error('route reached without the authentication it needs');
  return request.principal as Extract<Principal, { kind: K }>;
}

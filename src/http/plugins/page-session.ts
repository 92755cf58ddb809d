// The pages' login session: an HttpOnly SameSite=Lax cookie carrying a login session token; Secure on an https issuer.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { tokenKind } from '../../crypto/tokens.js';
import type { Authenticated } from '../../sessions/sessions-service.js';
import type { AppContext } from '../context.js';

export const SESSION_COOKIE = 'gg_session';
/** A random value naming the browser before it signs in, so the sign-in form's CSRF token has something to bind to. */
export const LOGIN_CSRF_COOKIE = 'gg_login_csrf';

export function setPageCookie(ctx: AppContext, reply: FastifyReply, name: string, value: string, maxAgeSeconds: number): void {
  reply.setCookie(name, value, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: ctx.config.issuer.startsWith('https:'),
    maxAge: maxAgeSeconds,
  });
}

export function clearPageCookie(ctx: AppContext, reply: FastifyReply, name: string): void {
  reply.clearCookie(name, { path: '/', httpOnly: true, sameSite: 'lax', secure: ctx.config.issuer.startsWith('https:') });
}

/** To the sign-in page, coming back to `returnTo` (a local path) afterwards; `loginHint` fills in the login field. */
export function loginRedirect(reply: FastifyReply, returnTo: string, status: 302 | 303, loginHint: string | null = null): FastifyReply {
  const query = new URLSearchParams({ return_to: returnTo, ...(loginHint !== null && { login_hint: loginHint }) });
  return reply.code(status).redirect(`/login?${query.toString()}`);
}

/** The signed-in user of a page request, from the session cookie; null when absent, expired or not a login session. */
export async function pageSession(ctx: AppContext, request: FastifyRequest): Promise<Authenticated | null> {
  const token = request.cookies[SESSION_COOKIE];
  if (!token || tokenKind(token) !== 'session') return null;
  return ctx.services.sessions.authenticate(token);
}

const RETURN_PATH_MAX = 2048;
const RETURN_BASE = 'http://return.invalid';
/** One `/` and then anything but `/` or `\` (which browsers read as a host): a path on this server. */
const LOCAL_PATH = /^\/(?:$|[^/\\])/;

function decodedOrNull(path: string): string | null {
  try {
    return decodeURIComponent(path);
  } catch {
    return null;
  }
}

/**
 * A path on this server to come back to after sign-in, else `/`. The value, its normalised form (dot segments
 * resolved: `/.//host` becomes `//host`) and that form decoded (`/%2F%2Fhost`) must each start with one `/` followed
 * by neither `/` nor `\`, and resolving it must not leave the origin.
 */
export function safeReturnPath(value: unknown): string {
  if (typeof value !== 'string' || value.length > RETURN_PATH_MAX || /[\\\x00-\x1f\x7f]/.test(value) || !LOCAL_PATH.test(value)) return '/';
  let url: URL;
  try {
    url = new URL(value, RETURN_BASE);
  } catch {
    return '/';
  }
  const path = `${url.pathname}${url.search}`;
  const decoded = decodedOrNull(url.pathname);
  return url.origin === RETURN_BASE && LOCAL_PATH.test(path) && decoded !== null && LOCAL_PATH.test(decoded) ? path : '/';
}

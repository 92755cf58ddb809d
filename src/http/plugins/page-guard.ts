// Signed-in pages: the session cookie must name a live login session, and every state-changing post must carry its CSRF token.
import type { FastifyReply, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import type { AppContext } from '../context.js';
import { errorPage } from '../views/error-page.js';
import { layout, type NavModel } from '../views/layout.js';
import type { SafeHtml } from '../views/html.js';
import type { Csrf } from './csrf.js';
import { principalOf, type SessionPrincipal } from './authenticate.js';
import { formOf } from './page-form.js';
import { sendPage } from './page-response.js';
import { loginRedirect, pageSession } from './page-session.js';

/** The binding of the signed-in pages' CSRF token: one per login session (OWASP synchronizer token). */
function binding(sessionId: string): string {
  return `page:${sessionId}`;
}

/**
 * A preHandler for signed-in pages: without a session, to the sign-in page (back here afterwards); banned, 403;
 * a POST without this session's CSRF token, 403 before anything is read or changed. Sets `request.principal`.
 */
export function signedInPage(ctx: AppContext, csrf: Csrf): preHandlerAsyncHookHandler {
  return async function guard(request: FastifyRequest, reply: FastifyReply) {
    const signedIn = await pageSession(ctx, request);
    if (!signedIn) {
      if (request.method === 'GET') return loginRedirect(reply, request.url, 302);
      return loginRedirect(reply, request.url.split('?')[0]!, 303);
    }
    if (signedIn.user.state === 'banned') return sendPage(reply, 403, errorPage('Account banned', 'This account is banned.', ''));
    if (request.method !== 'GET' && !csrf.verify(binding(signedIn.session.id), formOf(request).csrf_token)) {
      return sendPage(reply, 403, errorPage('Request refused', 'The form expired or did not come from this site. Go back, reload the page and try again.', ''));
    }
    request.principal = { kind: 'session', credential: 'login', user: signedIn.user, session: signedIn.session };
  };
}

/** What every signed-in page renders with: the user, the CSRF token for its forms, and the header. */
export interface PortalContext {
  principal: SessionPrincipal;
  csrfToken: string;
  nav: NavModel;
}

/** `current` is the header section the page belongs to. */
export function portalContext(csrf: Csrf, request: FastifyRequest, current?: string): PortalContext {
  const principal = principalOf(request);
  const csrfToken = csrf.token(binding(principal.session.id));
  return { principal, csrfToken, nav: { username: principal.user.username, csrfToken, current } };
}

/** Sends a signed-in page: the shared layout with the header, and the copy-button script (CSP script-src 'self'). */
export function sendPortalPage(reply: FastifyReply, status: number, portal: PortalContext, title: string, body: SafeHtml): FastifyReply {
  return sendPage(reply, status, layout(title, body, { nav: portal.nav, script: true }), [], { script: true });
}

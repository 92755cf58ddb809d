// Account pages: sign in (/login), create an account (/register), sign out (POST /logout) and the start page (/).
import { randomBytes } from 'node:crypto';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { clientInfo, signUp } from '../../accounts/sign-up.js';
import { upstreamLoginLinks } from '../plugins/upstream-login-links.js';
import { ApiError } from '../../errors/api-error.js';
import { PASSWORD_AMR } from '../../sessions/sessions-service.js';
import type { AppContext } from '../context.js';
import type { Csrf } from '../plugins/csrf.js';
import { formOf, raw, text, validated } from '../plugins/page-form.js';
import { portalContext, sendPortalPage, signedInPage } from '../plugins/page-guard.js';
import { sendPage } from '../plugins/page-response.js';
import { clearPageCookie, LOGIN_CSRF_COOKIE, pageSession, safeReturnPath, SESSION_COOKIE, setPageCookie } from '../plugins/page-session.js';
import { errorPage } from '../views/error-page.js';
import { homePage } from '../views/home-page.js';
import { loginPage } from '../views/login-page.js';
import { registerPage } from '../views/register-page.js';
import { RegisterBody } from '../schemas/auth.js';
import type { PageRouteOptions } from '../context.js';

const LOGIN_CSRF_COOKIE_AGE = 3600;
const HOME = '/';

type Purpose = 'login' | 'register';

/** The pre-session CSRF token of the sign-in or registration form, bound to a random cookie naming this browser. */
function preSessionToken(ctx: AppContext, csrf: Csrf, request: FastifyRequest, reply: FastifyReply, purpose: Purpose): string {
  let binding = request.cookies[LOGIN_CSRF_COOKIE];
  if (!binding || !/^[A-Za-z0-9_-]{43}$/.test(binding)) {
    binding = randomBytes(32).toString('base64url');
    setPageCookie(ctx, reply, LOGIN_CSRF_COOKIE, binding, LOGIN_CSRF_COOKIE_AGE);
  }
  return csrf.token(`${purpose}:${binding}`);
}

function preSessionValid(csrf: Csrf, request: FastifyRequest, purpose: Purpose): boolean {
  const binding = request.cookies[LOGIN_CSRF_COOKIE];
  return !!binding && csrf.verify(`${purpose}:${binding}`, formOf(request).csrf_token);
}

function refused(reply: FastifyReply, what: string): FastifyReply {
  return sendPage(reply, 403, errorPage('Request refused', `The ${what} form expired or did not come from this site. Go back, reload and try again.`, ''));
}

/** The return path a GET query or a POST form carries, made safe (local paths only). */
function returnPath(request: FastifyRequest): string {
  const params = (request.method === 'GET' ? request.query : request.body) as Record<string, unknown> | undefined;
  return safeReturnPath(params?.return_to);
}

function signIn(ctx: AppContext, reply: FastifyReply, token: string, returnTo: string): FastifyReply {
  setPageCookie(ctx, reply, SESSION_COOKIE, token, ctx.config.lifetimes.loginSession);
  return reply.code(303).redirect(returnTo);
}

export const accountPageRoutes: FastifyPluginAsync<PageRouteOptions> = async (app, { ctx, csrf }) => {
  const hide = { schema: { hide: true } };

  async function renderLogin(request: FastifyRequest, reply: FastifyReply, status: number, extra: { error?: string; login?: string } = {}) {
    const signedIn = await pageSession(ctx, request);
    const csrfToken = preSessionToken(ctx, csrf, request, reply, 'login');
    return sendPage(
      reply,
      status,
      loginPage({
        returnTo: returnPath(request),
        csrfToken,
        signedInAs: signedIn?.user.username,
        upstreamLogins: upstreamLoginLinks(ctx, returnPath(request)),
        ...extra,
      }),
    );
  }

  app.get('/login', hide, async (request, reply) => {
    // OpenID Connect login_hint, passed on by the authorization page: only a prefill of the login field.
    const hint = (request.query as Record<string, unknown>).login_hint;
    return renderLogin(request, reply, 200, typeof hint === 'string' && hint.length <= 255 ? { login: hint } : {});
  });

  app.post('/login', hide, async (request, reply) => {
    if (!preSessionValid(csrf, request, 'login')) return refused(reply, 'sign-in');
    const form = formOf(request);
    const login = text(form, 'login');
    try {
      // Control characters (NUL above all) never name an account, and PostgreSQL refuses NUL in text.
      if (/[\x00-\x1f\x7f]/.test(login)) throw ApiError.unauthorized('Invalid login or password');
      const user = await ctx.services.accounts.verifyLogin(login, raw(form, 'password'), request.ip);
      const { token } = await ctx.services.sessions.issue(user.id, 'login', { ...clientInfo(request), amr: PASSWORD_AMR });
      return signIn(ctx, reply, token, returnPath(request));
    } catch (error) {
      if (!(error instanceof ApiError) || error.status >= 500) throw error;
      if (error.headers?.['retry-after']) reply.header('retry-after', error.headers['retry-after']);
      return renderLogin(request, reply, error.status, { error: error.message, login });
    }
  });

  app.get('/register', hide, async (request, reply) =>
    sendPage(reply, 200, registerPage({ returnTo: returnPath(request), csrfToken: preSessionToken(ctx, csrf, request, reply, 'register') })),
  );

  app.post('/register', hide, async (request, reply) => {
    if (!preSessionValid(csrf, request, 'register')) return refused(reply, 'registration');
    const form = formOf(request);
    const username = text(form, 'username');
    const email = text(form, 'email');
    try {
      const body = validated(RegisterBody, { username, password: raw(form, 'password'), ...(email && { email }) });
      if (raw(form, 'password_confirm') !== body.password) throw ApiError.invalidField('password_confirm', 'does not match the password');
      const { issued } = await signUp(ctx.store, ctx.services, body, clientInfo(request), ctx.clock.now());
      return signIn(ctx, reply, issued.token, returnPath(request));
    } catch (error) {
      if (!(error instanceof ApiError) || error.status >= 500) throw error;
      const csrfToken = preSessionToken(ctx, csrf, request, reply, 'register');
      return sendPage(reply, error.status, registerPage({ returnTo: returnPath(request), csrfToken, error, username, email }));
    }
  });

  app.register(async (signedIn) => {
    signedIn.addHook('preHandler', signedInPage(ctx, csrf));

    signedIn.post('/logout', hide, async (request, reply) => {
      const { user, session } = portalContext(csrf, request).principal;
      await ctx.services.sessions.revoke(user.id, session.id);
      clearPageCookie(ctx, reply, SESSION_COOKIE);
      return reply.code(303).redirect('/login');
    });

    signedIn.get(HOME, hide, async (request, reply) => {
      const portal = portalContext(csrf, request, HOME);
      const guilds = await ctx.services.guilds.listForUser(portal.principal.user.id);
      return sendPortalPage(reply, 200, portal, 'Home', homePage(portal, guilds));
    });
  });
};

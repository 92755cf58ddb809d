// The end session endpoint (RP-Initiated Logout 1.0): ends the guildgate session at once when the id_token_hint names
// the signed-in user, else after the user confirms (a CSRF-bound form); then to the registered post-logout URI.
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { RawParams } from '../../oauth/authorization-request.js';
import { END_SESSION_PATH, EndSessionError, parseEndSession, postLogoutLocation, type EndSessionRequest } from '../../oidc/end-session.js';
import { formOf } from '../plugins/page-form.js';
import { formActionSource, sendPage } from '../plugins/page-response.js';
import { clearPageCookie, pageSession, SESSION_COOKIE } from '../plugins/page-session.js';
import { confirmSignOutPage, signedOutPage } from '../views/end-session-page.js';
import { errorPage } from '../views/error-page.js';
import type { PageRouteOptions } from '../context.js';

export const endSessionPageRoutes: FastifyPluginAsync<PageRouteOptions> = async (app, { ctx, csrf }) => {
  const hide = { schema: { hide: true } };

  async function parsed(reply: FastifyReply, params: RawParams): Promise<EndSessionRequest | null> {
    try {
      return await parseEndSession(ctx.services.oauth, params);
    } catch (error) {
      if (!(error instanceof EndSessionError)) throw error;
      sendPage(reply, 400, errorPage('Cannot sign out from here', error.message));
      return null;
    }
  }

  async function signOut(request: FastifyRequest, reply: FastifyReply, endSession: EndSessionRequest, status: 302 | 303): Promise<FastifyReply> {
    const signedIn = await pageSession(ctx, request);
    if (signedIn) await ctx.services.sessions.revoke(signedIn.user.id, signedIn.session.id);
    clearPageCookie(ctx, reply, SESSION_COOKIE);
    const location = postLogoutLocation(endSession);
    return location === null ? sendPage(reply, 200, signedOutPage()) : reply.redirect(location, status);
  }

  app.get(END_SESSION_PATH, hide, async (request, reply) => {
    const endSession = await parsed(reply, request.query as RawParams);
    if (!endSession) return reply;
    const signedIn = await pageSession(ctx, request);
    // No session to end, or the hint proves the application knows who is signed in: no question to ask.
    if (!signedIn || endSession.hintSubject === signedIn.user.id) return signOut(request, reply, endSession, 302);
    // The form's answer redirects to the post-logout URI, which the page's form-action must allow.
    const target = endSession.postLogoutRedirectUri === null ? null : formActionSource(endSession.postLogoutRedirectUri);
    return sendPage(
      reply,
      200,
      confirmSignOutPage(signedIn.user.username, endSession.fields, csrf.token(`logout:${signedIn.session.id}`)),
      target ? [target] : [],
    );
  });

  app.post(END_SESSION_PATH, hide, async (request, reply) => {
    const form = formOf(request) as RawParams;
    const signedIn = await pageSession(ctx, request);
    if (signedIn && !csrf.verify(`logout:${signedIn.session.id}`, form.csrf_token)) {
      return sendPage(reply, 403, errorPage('Request refused', 'The sign-out form expired or did not come from this site.'));
    }
    const { csrf_token: _token, ...params } = form;
    const endSession = await parsed(reply, params);
    return endSession ? signOut(request, reply, endSession, 303) : reply;
  });
};

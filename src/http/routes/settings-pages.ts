// Account settings pages: authorized apps (Deauthorize) and sessions with API tokens (create, shown once; revoke).
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { clientInfo } from '../../accounts/sign-up.js';
import { ApiError } from '../../errors/api-error.js';
import { listAuthorizations, revokeAuthorization } from '../../oauth/user-authorizations.js';
import { doneNotice, formOf, redirectDone, refusal, text, validated } from '../plugins/page-form.js';
import { portalContext, sendPortalPage, signedInPage } from '../plugins/page-guard.js';
import { clearPageCookie, SESSION_COOKIE } from '../plugins/page-session.js';
import { Snowflake } from '../schemas/common.js';
import { AUTHORIZED_APPS_PATH, authorizedAppsPage } from '../views/authorized-apps-page.js';
import { SESSIONS_PATH, sessionsPage } from '../views/sessions-page.js';
import { shownOncePage } from '../views/shown-once-page.js';
import { CreateApiToken, SessionId } from '../schemas/sessions.js';
import type { PageRouteOptions } from '../context.js';

const NOTICES = { deauthorized: 'The application is deauthorized; its tokens no longer work.', revoked: 'Revoked.' };

export const settingsPageRoutes: FastifyPluginAsync<PageRouteOptions> = async (app, { ctx, csrf }) => {
  const { sessions } = ctx.services;
  app.addHook('preHandler', signedInPage(ctx, csrf));

  const userOf = (request: FastifyRequest) => portalContext(csrf, request).principal.user;

  app.get(AUTHORIZED_APPS_PATH, { schema: { hide: true } }, async (request, reply) => {
    const portal = portalContext(csrf, request, AUTHORIZED_APPS_PATH);
    const grants = await listAuthorizations(ctx.services.oauth, portal.principal.user.id);
    return sendPortalPage(reply, 200, portal, 'Authorized apps', authorizedAppsPage(portal, grants, doneNotice(request, NOTICES)));
  });

  app.post(
    `${AUTHORIZED_APPS_PATH}/:application_id/deauthorize`,
    { schema: { hide: true, params: Type.Object({ application_id: Snowflake }) } },
    async (request, reply) => {
      const { application_id } = request.params as { application_id: string };
      if (!(await revokeAuthorization(ctx.services.oauth, userOf(request), application_id))) throw ApiError.notFound('authorization');
      return redirectDone(reply, AUTHORIZED_APPS_PATH, 'deauthorized');
    },
  );

  app.get(SESSIONS_PATH, { schema: { hide: true } }, async (request, reply) => {
    const portal = portalContext(csrf, request, SESSIONS_PATH);
    const model = { sessions: await sessions.list(portal.principal.user.id), notice: doneNotice(request, NOTICES) };
    return sendPortalPage(reply, 200, portal, 'Sessions', sessionsPage(portal, model));
  });

  app.post(SESSIONS_PATH, { schema: { hide: true } }, async (request, reply) => {
    const portal = portalContext(csrf, request, SESSIONS_PATH);
    const form = formOf(request);
    try {
      const expiresIn = text(form, 'expires_in');
      const body = validated(CreateApiToken, {
        name: text(form, 'name'),
        type: 'api',
        expires_in: /^\d{1,19}$/.test(expiresIn) ? Number(expiresIn) : expiresIn,
      });
      const { token } = await sessions.issueApiToken(portal.principal.user.id, { name: body.name, expiresIn: body.expires_in, ip: clientInfo(request).ip });
      const page = shownOncePage({
        heading: `API token "${body.name}"`,
        credentials: [{ id: 'api-token', label: 'API token', value: token, hint: 'Send it as Authorization: Bearer <token>.' }],
        next: { href: SESSIONS_PATH, label: 'Back to sessions' },
      });
      return sendPortalPage(reply, 201, portal, 'API token', page);
    } catch (error) {
      const refused = refusal(error);
      const model = { sessions: await sessions.list(portal.principal.user.id), draft: form, error: refused };
      return sendPortalPage(reply, refused.status, portal, 'Sessions', sessionsPage(portal, model));
    }
  });

  app.post(`${SESSIONS_PATH}/:id/revoke`, { schema: { hide: true, params: SessionId } }, async (request, reply) => {
    const { user, session } = portalContext(csrf, request).principal;
    const { id } = request.params as { id: string };
    if (!(await sessions.revoke(user.id, id))) throw ApiError.notFound('session');
    if (id !== session.id) return redirectDone(reply, SESSIONS_PATH, 'revoked');
    clearPageCookie(ctx, reply, SESSION_COOKIE);
    return reply.code(303).redirect('/login');
  });
};

// The device verification page (RFC 8628 section 3.3) for signed-in users: enter the user code (pre-filled from
// verification_uri_complete), see the consent screen, approve or deny; every form CSRF-bound to the session.
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { ApiError } from '../../errors/api-error.js';
import { DEVICE_VERIFICATION_PATH } from '../../oauth/device-flow.js';
import { formatUserCode, normaliseUserCode } from '../../oauth/user-codes.js';
import type { PageRouteOptions } from '../context.js';
import { formOf, raw } from '../plugins/page-form.js';
import { portalContext, sendPortalPage, signedInPage, type PortalContext } from '../plugins/page-guard.js';
import { DEVICE_DECISION_PATH, deviceAnsweredPage, deviceConsentPage, deviceEntryPage } from '../views/device-page.js';

const TITLE = 'Connect a device';
const DECISIONS = ['approve', 'deny'];

export const devicePageRoutes: FastifyPluginAsync<PageRouteOptions> = async (app, { ctx, csrf }) => {
  const { devices } = ctx.services;
  const hide = { schema: { hide: true } };
  app.addHook('preHandler', signedInPage(ctx, csrf));

  /** A code the page cannot use (malformed, unknown, answered, expired) shows the entry form again; a 429 or worse propagates. */
  function refused(reply: FastifyReply, portal: PortalContext, error: unknown): FastifyReply {
    if (!(error instanceof ApiError) || error.status !== 400) throw error;
    return sendPortalPage(reply, 400, portal, TITLE, deviceEntryPage(portal.csrfToken, '', error));
  }

  app.get(DEVICE_VERIFICATION_PATH, hide, async (request, reply) => {
    const portal = portalContext(csrf, request);
    const given = (request.query as Record<string, unknown>).user_code;
    const normalised = typeof given === 'string' ? normaliseUserCode(given) : null;
    return sendPortalPage(reply, 200, portal, TITLE, deviceEntryPage(portal.csrfToken, normalised === null ? '' : formatUserCode(normalised)));
  });

  app.post(DEVICE_VERIFICATION_PATH, hide, async (request, reply) => {
    const portal = portalContext(csrf, request);
    const { user } = portal.principal;
    try {
      const pending = await devices.find(raw(formOf(request), 'user_code'), user, request.ip);
      return sendPortalPage(reply, 200, portal, `Authorize ${pending.application.name}`, deviceConsentPage(portal.csrfToken, pending, user));
    } catch (error) {
      return refused(reply, portal, error);
    }
  });

  app.post(DEVICE_DECISION_PATH, hide, async (request, reply) => {
    const portal = portalContext(csrf, request);
    const { user, session } = portal.principal;
    const form = formOf(request);
    try {
      if (typeof form.decision !== 'string' || !DECISIONS.includes(form.decision)) throw ApiError.badRequest('Choose Authorize or Cancel');
      const approve = form.decision === 'approve';
      const pending = await devices.decide(raw(form, 'user_code'), { user, session }, approve, request.ip);
      return sendPortalPage(reply, 200, portal, approve ? 'Device connected' : 'Request denied', deviceAnsweredPage(pending.application, approve));
    } catch (error) {
      return refused(reply, portal, error);
    }
  });
};

// Developer portal Events tab: the event webhook settings (saved after a signed PING answers) and the delivery log.
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { EventSettingsRecord } from '../../storage/types.js';
import { doneNotice, formOf, optional, redirectDone, refusal, text, validated, values, type Form } from '../plugins/page-form.js';
import { portalContext, sendPortalPage, signedInPage } from '../plugins/page-guard.js';
import { IdParams } from '../schemas/common.js';
import { applicationPath } from '../views/application-frame.js';
import { applicationEventsPage } from '../views/application-events-page.js';
import { settingsPatchOf, SettingsPatch } from '../schemas/event-settings.js';
import { DEVELOPERS_SECTION, ownedApplication } from '../plugins/developer-portal.js';
import type { PageRouteOptions } from '../context.js';

const NOTICES = { saved: 'Event webhook settings saved.' };

/** The settings patch from the form; the URL only when it changed, since a new URL is PINGed before it is saved. */
function settingsBody(form: Form, current: EventSettingsRecord) {
  const url = optional(form, 'event_webhooks_url');
  return {
    ...(url !== current.url && { event_webhooks_url: url }),
    event_webhooks_types: values(form, 'event_webhooks_types'),
    event_webhooks_status: text(form, 'event_webhooks_status'),
  };
}

export const applicationEventsPageRoutes: FastifyPluginAsync<PageRouteOptions> = async (app, { ctx, csrf }) => {
  const { events } = ctx.services;
  const withId = { schema: { hide: true, params: IdParams } };
  app.addHook('preHandler', signedInPage(ctx, csrf));

  const portalOf = (request: FastifyRequest) => portalContext(csrf, request, DEVELOPERS_SECTION);

  /** The application with its settings and log (404 unless the caller owns it). */
  async function load(request: FastifyRequest) {
    const portal = portalOf(request);
    const userId = portal.principal.user.id;
    const found = await ownedApplication(ctx, portal, request);
    const settings = await events.getSettings(userId, found.application.id);
    return { found, settings, deliveries: await events.listDeliveries(userId, found.application.id) };
  }

  app.get('/developers/applications/:id/events', withId, async (request, reply) => {
    const model = { ...(await load(request)), notice: doneNotice(request, NOTICES) };
    return sendPortalPage(reply, 200, portalOf(request), `${model.found.application.name}: Events`, applicationEventsPage(portalOf(request), model));
  });

  app.post('/developers/applications/:id/events', withId, async (request, reply) => {
    const portal = portalOf(request);
    const loaded = await load(request);
    const form = formOf(request);
    try {
      const body = validated(SettingsPatch, settingsBody(form, loaded.settings));
      await events.updateSettings(portal.principal.user.id, loaded.found.application.id, settingsPatchOf(body));
      return redirectDone(reply, applicationPath(loaded.found.application, 'events'), 'saved');
    } catch (error) {
      const refused = refusal(error);
      const page = applicationEventsPage(portal, { ...loaded, draft: form, error: refused });
      return sendPortalPage(reply, refused.status, portal, `${loaded.found.application.name}: Events`, page);
    }
  });
};

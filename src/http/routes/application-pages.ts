// Developer portal pages: the application list and create form, and an application's General tab (settings, icon, delete).
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { ApiError } from '../../errors/api-error.js';
import { applicationFieldsOf, ApplicationCreateRequest, ApplicationUpdateRequest } from '../schemas/applications.js';
import { IdParams } from '../schemas/common.js';
import { checked, doneNotice, formOf, imageDataUri, lines, optional, redirectDone, refusal, text, validated, type Form } from '../plugins/page-form.js';
import { portalContext, sendPortalPage, signedInPage } from '../plugins/page-guard.js';
import { registerImageUploads } from '../plugins/page-uploads.js';
import { DEVELOPERS_SECTION, ownedApplication } from '../plugins/developer-portal.js';
import { applicationPath } from '../views/application-frame.js';
import { applicationGeneralPage } from '../views/application-general-page.js';
import { applicationsPage } from '../views/applications-page.js';
import { shownOncePage } from '../views/shown-once-page.js';
import type { PageRouteOptions } from '../context.js';

const NOTICES = { saved: 'Changes saved.', icon: 'Icon updated.', 'icon-removed': 'Icon removed.', deleted: 'Application deleted.' };

/** The create body the API takes, from the form: empty optional fields are left out. */
function createBody(form: Form) {
  const description = optional(form, 'description');
  const terms = optional(form, 'terms_of_service_url');
  const privacy = optional(form, 'privacy_policy_url');
  return {
    name: text(form, 'name'),
    redirect_uris: lines(form, 'redirect_uris'),
    ...(description && { description }),
    ...(terms && { terms_of_service_url: terms }),
    ...(privacy && { privacy_policy_url: privacy }),
  };
}

/** The update body of the General form: empty optional fields clear the stored value. */
function generalBody(form: Form) {
  return {
    name: text(form, 'name'),
    description: optional(form, 'description'),
    terms_of_service_url: optional(form, 'terms_of_service_url'),
    privacy_policy_url: optional(form, 'privacy_policy_url'),
  };
}

export const applicationPageRoutes: FastifyPluginAsync<PageRouteOptions> = async (app, { ctx, csrf }) => {
  const { applications } = ctx.services;
  const hide = true;
  const withId = { schema: { hide, params: IdParams } };
  app.addHook('preHandler', signedInPage(ctx, csrf));

  const portalOf = (request: FastifyRequest) => portalContext(csrf, request, DEVELOPERS_SECTION);

  app.get(DEVELOPERS_SECTION, { schema: { hide } }, async (request, reply) => {
    const portal = portalOf(request);
    const list = await applications.list(portal.principal.user.id);
    const page = applicationsPage(portal, list, {}, undefined, doneNotice(request, NOTICES));
    return sendPortalPage(reply, 200, portal, 'Applications', page);
  });

  app.post(DEVELOPERS_SECTION, { schema: { hide } }, async (request, reply) => {
    const portal = portalOf(request);
    const form = formOf(request);
    try {
      const body = validated(ApplicationCreateRequest, createBody(form));
      const created = await applications.create(portal.principal.user.id, { ...applicationFieldsOf(body), name: body.name });
      const page = shownOncePage({
        heading: `${created.application.name} is created`,
        credentials: [
          { id: 'client-id', label: 'Client ID', value: created.application.id },
          { id: 'client-secret', label: 'Client secret', value: created.clientSecret!, hint: 'Used by your server to exchange codes for tokens.' },
          { id: 'bot-token', label: 'Bot token', value: created.botToken, hint: 'Authenticates your bot: Authorization: Bot <token>.' },
        ],
        next: { href: applicationPath(created.application), label: `Go to ${created.application.name}` },
      });
      return sendPortalPage(reply, 201, portal, 'Application created', page);
    } catch (error) {
      const refused = refusal(error);
      const page = applicationsPage(portal, await applications.list(portal.principal.user.id), form, refused);
      return sendPortalPage(reply, refused.status, portal, 'Applications', page);
    }
  });

  app.get('/developers/applications/:id', withId, async (request, reply) => {
    const portal = portalOf(request);
    const found = await ownedApplication(ctx, portal, request);
    return sendPortalPage(reply, 200, portal, found.application.name, applicationGeneralPage(portal, { found, notice: doneNotice(request, NOTICES) }));
  });

  app.post('/developers/applications/:id', withId, async (request, reply) => {
    const portal = portalOf(request);
    const found = await ownedApplication(ctx, portal, request);
    const form = formOf(request);
    try {
      const body = validated(ApplicationUpdateRequest, generalBody(form));
      await applications.update(portal.principal.user.id, found.application.id, applicationFieldsOf(body));
      return redirectDone(reply, applicationPath(found.application), 'saved');
    } catch (error) {
      const refused = refusal(error);
      return sendPortalPage(reply, refused.status, portal, found.application.name, applicationGeneralPage(portal, { found, draft: form, error: refused }));
    }
  });

  app.post('/developers/applications/:id/icon/remove', withId, async (request, reply) => {
    const portal = portalOf(request);
    const found = await ownedApplication(ctx, portal, request);
    await applications.update(portal.principal.user.id, found.application.id, { icon: null });
    return redirectDone(reply, applicationPath(found.application), 'icon-removed');
  });

  app.post('/developers/applications/:id/delete', withId, async (request, reply) => {
    const portal = portalOf(request);
    const found = await ownedApplication(ctx, portal, request);
    if (!checked(formOf(request), 'confirm')) {
      const error = ApiError.invalidField('confirm', 'must be ticked to delete the application');
      return sendPortalPage(reply, 400, portal, found.application.name, applicationGeneralPage(portal, { found, error }));
    }
    await applications.delete(portal.principal.user.id, found.application.id);
    return redirectDone(reply, DEVELOPERS_SECTION, 'deleted');
  });

  await app.register(async (uploads) => {
    await registerImageUploads(uploads, ctx.config.imageMaxBytes);
    uploads.post('/developers/applications/:id/icon', withId, async (request, reply) => {
      const portal = portalOf(request);
      const found = await ownedApplication(ctx, portal, request);
      try {
        const icon = imageDataUri(formOf(request), 'icon');
        if (icon === undefined) throw ApiError.invalidField('icon', 'is required: choose an image file');
        const body = validated(ApplicationUpdateRequest, { icon });
        await applications.update(portal.principal.user.id, found.application.id, applicationFieldsOf(body));
        return redirectDone(reply, applicationPath(found.application), 'icon');
      } catch (error) {
        const refused = refusal(error);
        return sendPortalPage(reply, refused.status, portal, found.application.name, applicationGeneralPage(portal, { found, error: refused }));
      }
    });
  });
};

// Developer portal OAuth2 tab: redirect URIs, client type and access token format, the client secret reset (shown once), and the URL generator.
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { Type, type Static } from 'typebox';
import { authorizeUrlFor } from '../../applications/authorize-url.js';
import type { ApplicationWithBot } from '../../applications/ownership.js';
import { ALL_PERMISSIONS } from '../../guilds/permissions.js';
import { isScope } from '../../oauth/scopes.js';
import { doneNotice, formOf, lines, redirectDone, refusal, text, validated } from '../plugins/page-form.js';
import { portalContext, sendPortalPage, signedInPage } from '../plugins/page-guard.js';
import { applicationFieldsOf, ApplicationUpdateRequest } from '../schemas/applications.js';
import { IdParams } from '../schemas/common.js';
import { applicationPath } from '../views/application-frame.js';
import { applicationOAuth2Page, type UrlGeneratorModel } from '../views/application-oauth2-page.js';
import { shownOncePage } from '../views/shown-once-page.js';
import { DEVELOPERS_SECTION, ownedApplication } from '../plugins/developer-portal.js';
import type { PageRouteOptions } from '../context.js';

const NOTICES = { saved: 'Changes saved.' };

const OneOrMany = (maxLength: number) => Type.Optional(Type.Union([Type.String({ maxLength }), Type.Array(Type.String({ maxLength }), { maxItems: 64 })]));

/** The generator's GET form (and the `done` notice key). */
const OAuth2Query = Type.Object({
  done: Type.Optional(Type.String({ maxLength: 32 })),
  generate: Type.Optional(Type.String({ maxLength: 1 })),
  scope: OneOrMany(64),
  redirect_uri: Type.Optional(Type.String({ maxLength: 2048 })),
  permission: OneOrMany(64),
});

type Query = Static<typeof OAuth2Query>;

const list = (value: string | string[] | undefined): string[] => (value === undefined ? [] : ([] as string[]).concat(value));

/** The generator's choices from the query; unknown scopes and bits are dropped (the form offers only known ones). */
function generatorOf(issuer: string, found: ApplicationWithBot, query: Query): UrlGeneratorModel {
  const scopes = list(query.scope).filter(isScope);
  const permissions = list(query.permission)
    .filter((bit) => /^[0-9]{1,20}$/.test(bit))
    .reduce((all, bit) => all | (BigInt(bit) & ALL_PERMISSIONS), 0n);
  const redirectUri = query.redirect_uri || null;
  if (!query.generate) return { scopes, redirectUri, permissions, result: null };
  return { scopes, redirectUri, permissions, result: authorizeUrlFor(issuer, found.application, { scopes, redirectUri, permissions }) };
}

export const applicationOAuth2PageRoutes: FastifyPluginAsync<PageRouteOptions> = async (app, { ctx, csrf }) => {
  const { applications } = ctx.services;
  const withId = { schema: { hide: true, params: IdParams } };
  app.addHook('preHandler', signedInPage(ctx, csrf));

  const portalOf = (request: FastifyRequest) => portalContext(csrf, request, DEVELOPERS_SECTION);
  const noGenerator: UrlGeneratorModel = { scopes: [], redirectUri: null, permissions: 0n, result: null };

  app.get('/developers/applications/:id/oauth2', { schema: { hide: true, params: IdParams, querystring: OAuth2Query } }, async (request, reply) => {
    const portal = portalOf(request);
    const found = await ownedApplication(ctx, portal, request);
    const generator = generatorOf(ctx.config.issuer, found, request.query as Query);
    const page = applicationOAuth2Page(portal, { found, generator, notice: doneNotice(request, NOTICES) });
    return sendPortalPage(reply, 200, portal, `${found.application.name}: OAuth2`, page);
  });

  app.post('/developers/applications/:id/oauth2', withId, async (request, reply) => {
    const portal = portalOf(request);
    const found = await ownedApplication(ctx, portal, request);
    const form = formOf(request);
    try {
      const body = validated(ApplicationUpdateRequest, {
        redirect_uris: lines(form, 'redirect_uris'),
        post_logout_redirect_uris: lines(form, 'post_logout_redirect_uris'),
        token_endpoint_auth_method: text(form, 'token_endpoint_auth_method'),
        // The select always sends it; a form without it leaves the format as it is.
        access_token_format: text(form, 'access_token_format') || undefined,
      });
      const updated = await applications.update(portal.principal.user.id, found.application.id, applicationFieldsOf(body));
      if (!updated.clientSecret) return redirectDone(reply, applicationPath(found.application, 'oauth2'), 'saved');
      // A public client made confidential gets its first secret now, and only now.
      const page = shownOncePage({
        heading: `${found.application.name} is now a confidential client`,
        credentials: [{ id: 'client-secret', label: 'Client secret', value: updated.clientSecret }],
        next: { href: applicationPath(found.application, 'oauth2'), label: 'Back to OAuth2 settings' },
      });
      return sendPortalPage(reply, 200, portal, 'Client secret', page);
    } catch (error) {
      const refused = refusal(error);
      const page = applicationOAuth2Page(portal, { found, draft: form, error: refused, generator: noGenerator });
      return sendPortalPage(reply, refused.status, portal, `${found.application.name}: OAuth2`, page);
    }
  });

  app.post('/developers/applications/:id/oauth2/reset-secret', withId, async (request, reply) => {
    const portal = portalOf(request);
    const reset = await applications.resetSecret(portal.principal.user.id, (request.params as { id: string }).id);
    const page = shownOncePage({
      heading: `A new client secret for ${reset.application.name}`,
      credentials: [{ id: 'client-secret', label: 'Client secret', value: reset.clientSecret!, hint: 'The previous secret no longer works.' }],
      next: { href: applicationPath(reset.application, 'oauth2'), label: 'Back to OAuth2 settings' },
    });
    return sendPortalPage(reply, 200, portal, 'Client secret', page);
  });
};

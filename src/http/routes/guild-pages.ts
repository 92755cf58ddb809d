// Guild pages for managers: the guild's integrations (installed applications and their permissions) and removing one.
import type { FastifyPluginAsync } from 'fastify';
import { Type } from 'typebox';
import { doneNotice, redirectDone } from '../plugins/page-form.js';
import { portalContext, sendPortalPage, signedInPage } from '../plugins/page-guard.js';
import { IdParams, Snowflake } from '../schemas/common.js';
import { guildIntegrationsPage, integrationsPath } from '../views/guild-integrations-page.js';
import type { PageRouteOptions } from '../context.js';

const NOTICES = { removed: 'The application is removed from the guild.' };
const IntegrationParams = Type.Object({ id: Snowflake, application_id: Snowflake });

export const guildPageRoutes: FastifyPluginAsync<PageRouteOptions> = async (app, { ctx, csrf }) => {
  const { guilds, integrations } = ctx.services;
  app.addHook('preHandler', signedInPage(ctx, csrf));

  app.get('/guilds/:id/integrations', { schema: { hide: true, params: IdParams } }, async (request, reply) => {
    const portal = portalContext(csrf, request);
    const { id } = request.params as { id: string };
    const userId = portal.principal.user.id;
    // The list checks MANAGE_GUILD (403 MISSING_PERMISSIONS for other members, MISSING_ACCESS for non-members).
    const installed = await integrations.list(userId, id);
    const guild = await guilds.get(userId, id);
    return sendPortalPage(reply, 200, portal, `${guild.name}: integrations`, guildIntegrationsPage(portal, guild, installed, doneNotice(request, NOTICES)));
  });

  app.post('/guilds/:id/integrations/:application_id/remove', { schema: { hide: true, params: IntegrationParams } }, async (request, reply) => {
    const { id, application_id } = request.params as { id: string; application_id: string };
    await integrations.remove(portalContext(csrf, request).principal.user, id, application_id);
    return redirectDone(reply, integrationsPath(id), 'removed');
  });
};

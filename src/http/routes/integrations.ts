// Guild integrations (applications installed into a guild): list them (managers, also bots holding MANAGE_GUILD) and
// remove one (managers, users only).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { integrationJson } from '../../guilds/integration-json.js';
import type { RouteOptions } from '../context.js';
import { principalOf, requireAuth, requireSession } from '../plugins/authenticate.js';
import { ApplicationSummaryResponse } from '../schemas/applications.js';
import { IdParams, nullable, Snowflake } from '../schemas/common.js';

const Integration = Type.Object({
  application: ApplicationSummaryResponse,
  bot: Type.Object({ id: Snowflake, username: Type.String(), discriminator: Type.String(), avatar: nullable(Type.String()) }),
  permissions: Type.String({ description: 'Permission bitfield granted to the bot, as a decimal string' }),
  scopes: Type.Array(Type.String()),
  installed_by: nullable(Type.String({ description: 'Id of the user who installed it (last); null once that user is deleted' })),
  installed_at: Type.String(),
});

const IntegrationParams = Type.Object({ id: Snowflake, application_id: Snowflake });

export const integrationRoutes: FastifyPluginAsyncTypebox<RouteOptions> = async (app, { ctx }) => {
  const integrations = ctx.services.integrations;
  const readAsMember = requireAuth(ctx, { accept: ['session', 'bot'] });
  const userOnly = requireSession(ctx);
  const security: Record<string, string[]>[] = [{ bearer: [] }, { bot: [] }];
  const tags = ['guilds'];

  app.get(
    '/guilds/:id/integrations',
    { preHandler: readAsMember, schema: { tags, security, params: IdParams, response: { 200: Type.Array(Integration) } } },
    async (request) => (await integrations.list(principalOf(request, 'session', 'bot').user.id, request.params.id)).map(integrationJson),
  );

  app.delete(
    '/guilds/:id/integrations/:application_id',
    { preHandler: userOnly, schema: { tags, security: [{ bearer: [] }], params: IntegrationParams, summary: 'Remove an application from the guild' } },
    async (request, reply) => {
      await integrations.remove(principalOf(request).user, request.params.id, request.params.application_id);
      return reply.code(204).send();
    },
  );
};

// Guilds and members: create, read, list/put/remove members (a bot adds users with their `guilds.join` token), the
// caller's guild list (GET /users/@me/guilds) and own membership (GET /users/@me/guilds/{id}/member).
// Bots read under /guilds/{id} as the member their install made them (so a removed bot gets 403 there); an OAuth2
// token reads GET /guilds/{id} only for the guild of the bot install it came from, while that install is in place.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { ApiError } from '../../errors/api-error.js';
import { joinWithAccessToken } from '../../guilds/guild-join.js';
import { guildJson, memberJson, userGuildJson } from '../../guilds/guild-json.js';
import { GUILD_ICON_PATTERN, GUILD_NAME_MAX } from '../../guilds/guilds-service.js';
import type { RouteOptions } from '../context.js';
import { principalOf, requireAuth, requireSession } from '../plugins/authenticate.js';
import { IdParams, nullable, Snowflake } from '../schemas/common.js';
import { GuildResponse } from '../schemas/guilds.js';

const Permissions = Type.String({ maxLength: 64, description: 'Permission bitfield as a decimal string' });
const Icon = nullable(Type.String({ maxLength: 64, pattern: GUILD_ICON_PATTERN, description: 'Icon hash' }));

const CreateGuild = Type.Object(
  { name: Type.String({ minLength: 1, maxLength: GUILD_NAME_MAX, pattern: '\\S' }), icon: Type.Optional(Icon) },
  { additionalProperties: false },
);
const UserGuild = Type.Object({ id: Snowflake, name: Type.String(), icon: nullable(Type.String()), owner: Type.Boolean(), permissions: Permissions });
const Member = Type.Object({
  user: Type.Object({
    id: Snowflake,
    username: Type.String(),
    discriminator: Type.String(),
    global_name: nullable(Type.String()),
    avatar: nullable(Type.String()),
    bot: Type.Boolean(),
  }),
  permissions: Permissions,
  joined_at: Type.String(),
});
const MemberParams = Type.Object({ id: Snowflake, user_id: Snowflake });
/** Query strings are not coerced: `limit` is a decimal string from 1 to 1000 (default 100). */
const MemberPage = Type.Object(
  { limit: Type.Optional(Type.String({ maxLength: 4, pattern: '^(?:[1-9][0-9]{0,2}|1000)$' })), after: Type.Optional(Snowflake) },
  { additionalProperties: false },
);
/** A user sets `permissions`; a bot gives the user's `access_token` (scope guilds.join), as Discord's Add Guild Member. */
const PutMember = Type.Object(
  { permissions: Type.Optional(Permissions), access_token: Type.Optional(Type.String({ minLength: 1, maxLength: 256 })) },
  { additionalProperties: false },
);

export const guildRoutes: FastifyPluginAsyncTypebox<RouteOptions> = async (app, { ctx }) => {
  const guilds = ctx.services.guilds;
  const auth = requireSession(ctx);
  /** Reads under /guilds/{id}: users and bots, each as its own membership (writes stay with users). */
  const readAsMember = requireAuth(ctx, { accept: ['session', 'bot'] });
  const readGuild = requireAuth(ctx, { accept: ['session', 'bot', 'oauth'], scope: ['bot', 'guilds'] });
  const readOwnGuilds = requireAuth(ctx, { accept: ['session', 'bot', 'oauth'], scope: 'guilds' });
  const security = [{ bearer: [] }];
  const memberSecurity: Record<string, string[]>[] = [{ bearer: [] }, { bot: [] }];
  const tags = ['guilds'];

  app.post('/guilds', { preHandler: auth, schema: { tags, security, body: CreateGuild, response: { 201: GuildResponse } } }, async (request, reply) => {
    const guild = await guilds.create(principalOf(request).user.id, request.body);
    return reply.code(201).send(guildJson(guild));
  });

  app.get(
    '/guilds/:id',
    { preHandler: readGuild, schema: { tags, security: memberSecurity, params: IdParams, response: { 200: GuildResponse } } },
    async (request) => {
      const principal = principalOf(request, 'session', 'bot', 'oauth');
      const guild =
        principal.kind === 'oauth'
          ? await ctx.services.integrations.guildForToken(principal.token, request.params.id)
          : await guilds.get(principal.user.id, request.params.id);
      return guildJson(guild);
    },
  );

  app.get(
    '/guilds/:id/members',
    { preHandler: readAsMember, schema: { tags, security: memberSecurity, params: IdParams, querystring: MemberPage, response: { 200: Type.Array(Member) } } },
    async (request) => {
      const { limit = '100', after } = request.query;
      const members = await guilds.listMembers(principalOf(request, 'session', 'bot').user.id, request.params.id, { limit: Number(limit), after });
      return members.map(({ member, user }) => memberJson(member, user));
    },
  );

  app.put(
    '/guilds/:id/members/:user_id',
    {
      preHandler: requireAuth(ctx, { accept: ['session', 'bot'] }),
      // A PUT without a body is an empty one: add the member with no permissions, or keep them.
      preValidation: async (request) => {
        request.body ??= {};
      },
      schema: { tags, security: memberSecurity, params: MemberParams, body: PutMember, response: { 200: Member, 201: Member, 204: Type.Null() } },
    },
    async (request, reply) => {
      const { id, user_id } = request.params;
      const { permissions, access_token } = request.body;
      const principal = principalOf(request, 'session', 'bot');
      if (principal.kind === 'bot') {
        if (access_token === undefined) throw ApiError.invalidField('access_token', 'is required');
        if (permissions !== undefined) throw ApiError.invalidField('permissions', 'is not allowed for bots');
        const { member, user, created } = await joinWithAccessToken(ctx.services, principal, id, user_id, access_token);
        return created ? reply.code(201).send(memberJson(member, user)) : reply.code(204).send(null);
      }
      if (access_token !== undefined) throw ApiError.invalidField('access_token', 'is only for bots');
      const { member, user, created } = await guilds.putMember(principal.user.id, id, user_id, permissions);
      return reply.code(created ? 201 : 200).send(memberJson(member, user));
    },
  );

  app.delete('/guilds/:id/members/:user_id', { preHandler: auth, schema: { tags, security, params: MemberParams } }, async (request, reply) => {
    await guilds.removeMember(principalOf(request).user.id, request.params.id, request.params.user_id);
    return reply.code(204).send();
  });

  app.get(
    '/users/@me/guilds/:id/member',
    {
      preHandler: requireAuth(ctx, { accept: ['session', 'oauth'], scope: 'guilds.members.read' }),
      schema: { tags, security, summary: "The caller's member object in a guild it is in", params: IdParams, response: { 200: Member } },
    },
    async (request) => {
      const { member, user } = await guilds.ownMember(principalOf(request, 'session', 'oauth').user, request.params.id);
      return memberJson(member, user);
    },
  );

  app.get(
    '/users/@me/guilds',
    { preHandler: readOwnGuilds, schema: { tags, security: memberSecurity, response: { 200: Type.Array(UserGuild) } } },
    async (request) => {
      const { user } = principalOf(request, 'session', 'bot', 'oauth');
      return (await guilds.listForUser(user.id)).map(({ guild, permissions }) => userGuildJson(guild, user.id, permissions));
    },
  );
};

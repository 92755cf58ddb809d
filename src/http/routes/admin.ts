// Admin routes: ban and unban an account (admins only; the command line does the same with `guildgate user ban|unban`).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { toIso } from '../../clock.js';
import { ApiError } from '../../errors/api-error.js';
import type { UserRecord } from '../../storage/types.js';
import type { RouteOptions } from '../context.js';
import { principalOf, requireSession } from '../plugins/authenticate.js';
import { ApiErrorBody, IdParams, nullable, Snowflake } from '../schemas/common.js';

const BanState = Type.Object({
  id: Snowflake,
  username: Type.String(),
  state: Type.Union([Type.Literal('normal'), Type.Literal('banned')]),
  banned_at: nullable(Type.String()),
});

function banStateJson(user: UserRecord) {
  return { id: user.id, username: user.username, state: user.state, banned_at: user.bannedAt === null ? null : toIso(user.bannedAt) };
}

/** The calling admin; 403 ADMIN_REQUIRED for anyone else. */
function adminOf(request: FastifyRequest): UserRecord {
  const { user } = principalOf(request, 'session');
  if (!user.admin) throw ApiError.forbidden('ADMIN_REQUIRED', 'Only admins can do this');
  return user;
}

export const adminRoutes: FastifyPluginAsyncTypebox<RouteOptions> = async (app, { ctx }) => {
  const schema = {
    tags: ['admin'],
    security: [{ bearer: [] }],
    params: IdParams,
    response: { 200: BanState, 400: ApiErrorBody, 401: ApiErrorBody, 403: ApiErrorBody, 404: ApiErrorBody },
  };

  app.put(
    '/admin/users/:id/ban',
    { preHandler: requireSession(ctx), schema: { ...schema, summary: 'Ban an account: it cannot log in, and its sessions, tokens and grants end' } },
    async (request) => {
      const admin = adminOf(request);
      if (request.params.id === admin.id) throw ApiError.badRequest('Admins cannot ban their own account');
      return banStateJson(await ctx.services.bans.ban(request.params.id));
    },
  );

  app.delete(
    '/admin/users/:id/ban',
    { preHandler: requireSession(ctx), schema: { ...schema, summary: 'Lift a ban: the account can log in again' } },
    async (request) => {
      adminOf(request);
      return banStateJson(await ctx.services.bans.unban(request.params.id));
    },
  );
};

// Serves stored images by content hash at /images/{hash} (immutable, so cached for a year), and guild icons at
// /icons/{guild.id}/{hash}: the stored image, or a placeholder where guildgate holds none.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { ApiError } from '../../errors/api-error.js';
import { GUILD_ICON_PATTERN } from '../../guilds/guilds-service.js';
import { IMAGE_HASH_PATTERN } from '../../images/images-service.js';
import type { RouteOptions } from '../context.js';
import { Snowflake } from '../schemas/common.js';
import { guildIconPlaceholder } from '../views/guild-icon-placeholder.js';

const HashParams = Type.Object({ hash: Type.String({ maxLength: 64, pattern: IMAGE_HASH_PATTERN }) });
const IconParams = Type.Object({ id: Snowflake, hash: Type.String({ maxLength: 64, pattern: GUILD_ICON_PATTERN }) });

export const imageRoutes: FastifyPluginAsyncTypebox<RouteOptions> = async (app, { ctx }) => {
  app.get('/images/:hash', { schema: { tags: ['images'], summary: 'An avatar, banner or icon by its hash', params: HashParams } }, async (request, reply) => {
    const image = await ctx.services.images.get(request.params.hash);
    if (!image) throw ApiError.notFound('image');
    return reply
      .type(image.contentType)
      .header('cache-control', 'public, max-age=31536000, immutable')
      .header('cross-origin-resource-policy', 'cross-origin')
      .send(image.bytes);
  });

  app.get(
    '/icons/:id/:hash',
    { schema: { tags: ['images'], summary: "A guild's icon (seed 000 avatarUrl): the stored image, or a placeholder", params: IconParams } },
    async (request, reply) => {
      const guild = await ctx.store.guilds.findById(request.params.id);
      // Only the guild's current icon: an old hash is not an address that stays valid.
      if (!guild || guild.icon !== request.params.hash) throw ApiError.notFound('icon');
      const image = await ctx.services.images.get(guild.icon);
      const headers = { 'cache-control': 'public, max-age=3600', 'cross-origin-resource-policy': 'cross-origin' };
      if (image) return reply.type(image.contentType).headers(headers).send(image.bytes);
      return reply
        .type('image/svg+xml')
        .headers(headers)
        .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'")
        .send(guildIconPlaceholder(guild));
    },
  );
};

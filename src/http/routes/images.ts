// Serves stored images by content hash at /images/{hash}: immutable, so cached for a year.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { ApiError } from '../../errors/api-error.js';
import { IMAGE_HASH_PATTERN } from '../../images/images-service.js';
import type { RouteOptions } from '../context.js';

const HashParams = Type.Object({ hash: Type.String({ maxLength: 64, pattern: IMAGE_HASH_PATTERN }) });

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
};

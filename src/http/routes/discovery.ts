// Discovery documents: RFC 8414 authorization server metadata and the OpenID Connect configuration, the same document.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { serverMetadata } from '../../oauth/discovery.js';
import type { RouteOptions } from '../context.js';

const Metadata = Type.Object(
  {
    issuer: Type.String(),
    authorization_endpoint: Type.String(),
    token_endpoint: Type.String(),
    scopes_supported: Type.Array(Type.String()),
    response_types_supported: Type.Array(Type.String()),
  },
  { additionalProperties: true },
);

export const discoveryRoutes: FastifyPluginAsyncTypebox<RouteOptions> = async (app, { ctx }) => {
  const metadata = serverMetadata(ctx.config.issuer);
  for (const path of ['/.well-known/oauth-authorization-server', '/.well-known/openid-configuration']) {
    app.get(path, { schema: { tags: ['oauth2'], summary: 'Authorization server metadata', response: { 200: Metadata } } }, async (_request, reply) => {
      reply.header('cache-control', 'public, max-age=3600').header('access-control-allow-origin', '*');
      return metadata;
    });
  }
};

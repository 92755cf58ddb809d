// Discovery documents: RFC 8414 authorization server metadata and the OpenID Connect configuration, the same document,
// and the JWKS their jwks_uri names.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { JWKS_PATH, serverMetadata } from '../../oauth/discovery.js';
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

  const Jwks = Type.Object({
    keys: Type.Array(Type.Object({ kid: Type.String(), kty: Type.String(), alg: Type.String(), use: Type.String() }, { additionalProperties: true })),
  });
  app.get(JWKS_PATH, { schema: { tags: ['oauth2'], summary: 'Signing keys (JWKS, RFC 7517)', response: { 200: Jwks } } }, async (_request, reply) => {
    // Clients refetch on an unknown kid, so a new key is found at once; a replaced key stays published far longer.
    reply.header('cache-control', 'public, max-age=300').header('access-control-allow-origin', '*');
    return ctx.services.oauth.keys.jwks();
  });
};

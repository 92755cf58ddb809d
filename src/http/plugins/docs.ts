// OpenAPI document generated from the route schemas, served at /openapi.json, with Swagger UI at /docs.
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';

export async function registerDocs(app: FastifyInstance, issuer: string): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'guildgate', description: 'OAuth2 / OpenID Connect authorization server and developer-application platform', version: '0.1.0' },
      servers: [{ url: issuer }],
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer', description: 'Login session, API token or OAuth2 access token' },
          bot: { type: 'apiKey', in: 'header', name: 'Authorization', description: '`Bot <token>`' },
          clientBasic: { type: 'http', scheme: 'basic', description: 'OAuth2 client_secret_basic' },
        },
      },
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs', staticCSP: true });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
}

// @ts-check
// Plain Fastify (default options, no plugins) answering GET /healthz as guildgate does: the floor of the framework.
import Fastify from 'fastify';

const app = Fastify();
app.get('/healthz', { schema: { response: { 200: { type: 'object', properties: { status: { type: 'string' } } } } } }, async () => ({
  status: 'ok',
}));

await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });

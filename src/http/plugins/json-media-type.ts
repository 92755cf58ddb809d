// JSON answers carry `application/json` with no charset parameter (RFC 8259 defines none; Discord sends none, and some
// Discord client libraries compare the header exactly). Fastify always appends one, so it is taken off before sending.
import type { FastifyInstance } from 'fastify';

const FASTIFY_JSON = 'application/json; charset=utf-8';

export function registerJsonMediaType(app: FastifyInstance): void {
  app.addHook('onSend', (_request, reply, payload, done) => {
    if (reply.getHeader('content-type') === FASTIFY_JSON) reply.header('content-type', 'application/json');
    done(null, payload);
  });
}

// A graceful stop of a listening app: stop accepting, let in-flight requests finish (bounded), then the app's close hooks.
import type { FastifyInstance } from 'fastify';

const IDLE_SWEEP_MS = 100;

/**
 * Stops accepting connections and closes idle keep-alive ones at once; requests in flight (and those already sent on
 * an open keep-alive connection) are answered, with `Connection: close`. After `timeoutMs` the connections still
 * open are closed. Then the app's close hooks run: background workers stop, the store closes last.
 */
export async function closeGracefully(app: FastifyInstance, timeoutMs: number): Promise<void> {
  const deadline = setTimeout(() => {
    app.log.warn({ timeoutMs }, 'shutdown timeout: closing the connections still open');
    app.server.closeAllConnections();
  }, timeoutMs);
  // A keep-alive connection whose last request is answered after the close began goes idle later; close it then, rather
  // than wait for its client or the deadline.
  const sweep = setInterval(() => app.server.closeIdleConnections(), IDLE_SWEEP_MS);
  try {
    await app.close();
  } finally {
    clearTimeout(deadline);
    clearInterval(sweep);
  }
}

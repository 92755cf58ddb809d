// `guildgate serve`: opens the store, migrates, listens, and shuts down gracefully on SIGTERM/SIGINT.
import type { FastifyInstance } from 'fastify';
import { buildApp } from './app.js';
import type { Config } from './config.js';
import { systemClock } from './clock.js';
import { keyEncryptionKey } from './crypto/key-encryption.js';
import { serverSecret } from './crypto/server-secret.js';
import { ensureSigningKey } from './oidc/signing-keys.js';
import { openStore } from './storage/open-store.js';
import { connectRedis } from './redis.js';
import { closeGracefully } from './shutdown.js';

export async function serve(config: Config, options: { migrate: boolean }): Promise<void> {
  let app: FastifyInstance | undefined;
  const store = openStore(config.databaseUrl, {
    maxConnections: config.databasePoolSize,
    backgroundCheckpoints: { onFailure: (error) => app?.log.error({ err: error }, 'WAL checkpoint thread failed; the connection checkpoints by itself') },
    onConnectionError: (error) => app?.log.warn({ err: error }, 'a database connection was lost; the pool opens another'),
  });
  if (options.migrate) await store.migrate();
  // The first start makes the first signing key (every node starting with it converges on one).
  await ensureSigningKey(store, systemClock, keyEncryptionKey(serverSecret(config)));
  const redis = config.redisUrl ? await connectRedis(config.redisUrl, (error) => app?.log.warn({ err: error }, 'Redis connection failed; reconnecting')) : null;
  app = await buildApp({ config, store, redis });
  // Registered before the app starts, so it runs after the server has drained and the workers have stopped.
  app.addHook('onClose', async () => {
    await store.close();
    await redis?.quit();
  });
  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down: finishing in-flight requests');
    closeGracefully(app, config.shutdownTimeoutMs).then(
      () => process.exit(0),
      (error) => {
        app.log.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
  await app.listen({ port: config.port, host: config.host });
}

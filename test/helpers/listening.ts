// A test app listening on 127.0.0.1 with its issuer set to its own address, for real OAuth2 clients over HTTP.
import net from 'node:net';
import type { Dialect } from '../../src/storage/types.js';
import { createTestApp, type TestApp } from './app.js';
import type { FrozenClock } from './clock.js';

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** `clock`: a frozen clock of the test's choosing (clients that check token times want one near the real time). */
export async function listeningTestApp(dialect: Dialect, env: Record<string, string> = {}, clock?: FrozenClock): Promise<TestApp & { issuer: string }> {
  const port = await freePort();
  const issuer = `http://127.0.0.1:${port}`;
  const t = await createTestApp({ dialect, clock, env: { GUILDGATE_ISSUER: issuer, GUILDGATE_RATE_LIMIT: 'off', ...env } });
  await t.app.listen({ port, host: '127.0.0.1' });
  return { ...t, issuer };
}

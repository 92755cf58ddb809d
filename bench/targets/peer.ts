// Starts the peer, node-oidc-provider (targets/peer-server.mjs), with a client_credentials client.
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import type { Pinning } from '../pinning.js';
import { freePort, startServer, type ServerProcess } from './process.js';

/** The peer's only client (client_secret_basic). */
export const PEER_CLIENT = { id: 'bench-client', secret: randomBytes(24).toString('hex') };

export const PEER_PATHS = { token: '/token', introspect: '/token/introspection' };

export async function startPeer(pinning: Pinning): Promise<ServerProcess> {
  const port = await freePort();
  return startServer({
    label: 'peer (oidc-provider)',
    args: [process.execPath, fileURLToPath(new URL('./peer-server.mjs', import.meta.url))],
    env: {
      PATH: process.env.PATH,
      PORT: String(port),
      PEER_CLIENT_ID: PEER_CLIENT.id,
      PEER_CLIENT_SECRET: PEER_CLIENT.secret,
    },
    port,
    readyPath: '/.well-known/openid-configuration',
    pinning,
  });
}

// Starts the peer, node-oidc-provider (targets/peer-server.mjs): client_credentials clients (opaque and JWT access
// tokens) and an authorization-code client with `openid`.
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import type { Pinning } from '../pinning.js';
import { freePort, startServer, type ServerProcess } from './process.js';

/** The peer's clients (client_secret_basic, one secret): opaque and JWT client_credentials, and the code flow. */
export const PEER_CLIENT = { id: 'bench-client', secret: randomBytes(24).toString('hex') };
export const PEER_JWT_CLIENT_ID = `${PEER_CLIENT.id}-jwt`;
export const PEER_CODE_CLIENT_ID = `${PEER_CLIENT.id}-code`;
export const PEER_REDIRECT_URI = 'http://127.0.0.1:9/cb';

export const PEER_PATHS = { token: '/token', introspect: '/token/introspection', mintCode: '/bench/code' };

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
      PEER_REDIRECT_URI,
    },
    port,
    readyPath: '/.well-known/openid-configuration',
    pinning,
  });
}

// Starts the bare node:http server (targets/bare-server.mjs, plain JS: no loader in its memory figures).
import { fileURLToPath } from 'node:url';
import type { Pinning } from '../pinning.js';
import { freePort, startServer, type ServerProcess } from './process.js';

export async function startBare(pinning: Pinning): Promise<ServerProcess> {
  const port = await freePort();
  return startServer({
    label: 'bare',
    args: [process.execPath, fileURLToPath(new URL('./bare-server.mjs', import.meta.url))],
    env: { PATH: process.env.PATH, PORT: String(port) },
    port,
    readyPath: '/',
    pinning,
  });
}

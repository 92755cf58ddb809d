// Starts plain Fastify (targets/fastify-server.mjs): the reference of the /healthz scenario.
import { fileURLToPath } from 'node:url';
import type { Pinning } from '../pinning.js';
import { freePort, startServer, type ServerProcess } from './process.js';

export async function startFastify(pinning: Pinning): Promise<ServerProcess> {
  const port = await freePort();
  return startServer({
    label: 'fastify',
    args: [process.execPath, fileURLToPath(new URL('./fastify-server.mjs', import.meta.url))],
    env: { PATH: process.env.PATH, PORT: String(port) },
    port,
    readyPath: '/healthz',
    pinning,
  });
}

// `guildgate serve`: creates and migrates the SQLite database on first start, answers /healthz, and exits cleanly on SIGTERM.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { once } from 'node:events';
import { test } from 'node:test';
import { tempDir } from '../helpers/stores.js';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

async function waitForHealth(url: string, deadline: number): Promise<Response> {
  for (;;) {
    try {
      return await fetch(url);
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

test('serve migrates a fresh data dir, answers /healthz and shuts down on SIGTERM', async () => {
  const dataDir = path.join(tempDir(), 'data');
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', path.resolve('src/main.ts'), 'serve'], {
    env: { PATH: process.env.PATH, GUILDGATE_DATA_DIR: dataDir, GUILDGATE_PORT: String(port), GUILDGATE_LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  try {
    const health = await waitForHealth(`http://127.0.0.1:${port}/healthz`, Date.now() + 20_000);
    assert.equal(health.status, 200);
    assert.deepEqual(await health.json(), { status: 'ok' });
    assert.ok(fs.existsSync(path.join(dataDir, 'guildgate.db')));
    const ready = await fetch(`http://127.0.0.1:${port}/readyz`);
    assert.equal(ready.status, 200);
  } finally {
    child.kill('SIGTERM');
  }
  const [code] = await once(child, 'exit');
  assert.equal(code, 0, output);
  assert.match(output, /"signal":"SIGTERM","msg":"shutting down: finishing in-flight requests"/);
});

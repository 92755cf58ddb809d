// `guildgate serve`: creates and migrates the SQLite database on first start, answers /healthz, and exits cleanly on SIGTERM.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { startServe } from '../helpers/serve-process.js';
import { tempDir } from '../helpers/stores.js';

test('serve migrates a fresh data dir, answers /healthz and shuts down on SIGTERM', async () => {
  const dataDir = path.join(tempDir(), 'data');
  const server = await startServe({ GUILDGATE_DATA_DIR: dataDir, GUILDGATE_LOG_LEVEL: 'info' });
  try {
    assert.equal(server.health.status, 200);
    assert.deepEqual(await server.health.json(), { status: 'ok' });
    assert.ok(fs.existsSync(path.join(dataDir, 'guildgate.db')));
    const ready = await fetch(`${server.base}/readyz`);
    assert.equal(ready.status, 200);
  } finally {
    server.child.kill('SIGTERM');
  }
  assert.equal(await server.exited, 0, server.output());
  assert.match(server.output(), /"signal":"SIGTERM","msg":"shutting down: finishing in-flight requests"/);
});

// Tokens and passwords never reach the database files or the logs: only digests and hashes are stored.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { Writable } from 'node:stream';
import { describe, test } from 'node:test';
import { buildApp, loggerOptions } from '../../src/app.js';
import { bearer, call, testConfig } from '../helpers/app.js';
import { FrozenClock } from '../helpers/clock.js';
import { openTestStore } from '../helpers/stores.js';

describe('secrets at rest', () => {
  test('issued tokens and passwords appear in neither the SQLite files nor the logs', async () => {
    const db = await openTestStore('sqlite');
    const lines: string[] = [];
    const stream = new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const app = await buildApp({
      config: testConfig(),
      store: db.store,
      clock: new FrozenClock(),
      logger: { ...(loggerOptions('trace') as object), stream },
    });
    const password = 'a very secret password';
    const registered = await call(app, { method: 'POST', url: '/api/v1/auth/register', payload: { username: 'secretive', password } });
    const login = await call(app, { method: 'POST', url: '/api/v1/auth/login', payload: { login: 'secretive', password } });
    const api = await call(app, {
      method: 'POST',
      url: '/api/v1/sessions',
      headers: bearer(login.data.token),
      payload: { name: 'ci', type: 'api', expires_in: 0 },
    });
    await call(app, { method: 'GET', url: '/api/v1/sessions/@me', headers: bearer(api.data.token) });
    await app.close();
    await db.store.close();

    const secrets = [password, registered.data.token, login.data.token, api.data.token];
    for (const secret of secrets) assert.match(secret, /\S{8,}/);
    const files = db.files();
    assert.ok(files.length >= 1);
    for (const file of files) {
      const bytes = fs.readFileSync(file);
      for (const secret of secrets) assert.equal(bytes.includes(secret), false, `${secret} found in ${file}`);
    }
    const log = lines.join('');
    assert.ok(log.includes('/api/v1/sessions/@me'), 'requests are logged');
    for (const secret of secrets) assert.equal(log.includes(secret), false, `${secret} found in the logs`);
    await db.close();
  });
});

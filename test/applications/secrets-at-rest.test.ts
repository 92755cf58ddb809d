// Client secrets and bot tokens appear only in the responses that issue them: never in reads, lists, logs or the database files.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, before, test } from 'node:test';
import { loggerOptions } from '../../src/app.js';
import { bearer, botAuth, call, createTestApp, registerUser, type RegisteredUser, type TestApp } from '../helpers/app.js';
import { createApplication } from '../helpers/applications.js';
import { forEachDialect } from '../helpers/stores.js';

forEachDialect('application secrets at rest', (dialect) => {
  let t: TestApp;
  let owner: RegisteredUser;
  const logs: string[] = [];
  before(async () => {
    const logger = { ...(loggerOptions('trace') as object), stream: { write: (line: string) => logs.push(line) } };
    t = await createTestApp({ dialect, logger });
    owner = await registerUser(t.app);
  });
  after(() => t.close());

  test('issued secrets and tokens never show up again', async () => {
    const secrets: string[] = [];
    const created = await createApplication(t.app, owner);
    secrets.push(created.client_secret, created.bot.token);
    const base = `/api/v1/oauth2/applications/${created.id}`;
    const post = async (url: string) => (await call(t.app, { method: 'POST', url, headers: bearer(owner.token) })).data;
    secrets.push((await post(`${base}/client-secret/reset`)).client_secret);
    const reset = await post(`${base}/bot/reset-token`);
    secrets.push(reset.token);
    const patch = (payload: object) => call(t.app, { method: 'PATCH', url: base, headers: bearer(owner.token), payload });
    await patch({ token_endpoint_auth_method: 'none' });
    secrets.push((await patch({ token_endpoint_auth_method: 'client_secret_post' })).data.client_secret);
    assert.equal(secrets.length, 5);
    for (const secret of secrets) assert.match(secret, /^gg(cs|b)_[A-Za-z0-9_-]{43}$/);

    const reads = [
      await call(t.app, { method: 'GET', url: base, headers: bearer(owner.token) }),
      await call(t.app, { method: 'GET', url: `${base}/public` }),
      await call(t.app, { method: 'GET', url: '/api/v1/oauth2/applications/@me', headers: bearer(owner.token) }),
      await call(t.app, { method: 'GET', url: '/api/v1/users/@me/applications', headers: bearer(owner.token) }),
      await call(t.app, { method: 'GET', url: '/api/v1/applications/@me', headers: botAuth(reset.token) }),
      await call(t.app, { method: 'GET', url: '/api/v1/users/@me', headers: botAuth(reset.token) }),
      await call(t.app, { method: 'PATCH', url: `${base}/bot`, headers: bearer(owner.token), payload: { bio: 'hello' } }),
    ];
    for (const read of reads) {
      assert.equal(read.statusCode, 200, read.body);
      for (const secret of secrets) assert.ok(!read.body.includes(secret), `a read leaked ${secret.slice(0, 8)}...`);
    }

    assert.ok(logs.length > 0, 'the logger captured request lines');
    const logText = logs.join('');
    for (const secret of secrets) assert.ok(!logText.includes(secret), 'a log line leaked a secret');

    if (dialect === 'sqlite') {
      const files = t.db.files();
      assert.ok(
        files.some((file) => file.endsWith('-wal')),
        'the WAL file is searched too',
      );
      const bytes = Buffer.concat(files.map((file) => fs.readFileSync(file)));
      for (const secret of secrets) {
        assert.equal(bytes.indexOf(secret), -1, 'a database file holds a plain secret');
        assert.equal(bytes.indexOf(secret.slice(secret.indexOf('_') + 1)), -1, 'a database file holds a secret body');
      }
    }
  });
});

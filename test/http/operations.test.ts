// Operations endpoints and the error model: health, readiness, docs, request ids, 404s and no leaked internals.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import BetterSqlite3 from 'better-sqlite3';
import { Redis } from 'ioredis';
import { call, createTestApp, type TestApp } from '../helpers/app.js';

describe('operations and errors', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
  });
  after(() => t.close());

  test('/healthz and /readyz answer ok with a request id', async () => {
    const health = await call(t.app, { method: 'GET', url: '/healthz' });
    assert.equal(health.statusCode, 200);
    assert.deepEqual(health.data, { status: 'ok' });
    assert.match(String(health.headers['x-request-id']), /^[0-9a-f-]{36}$/);
    const ready = await call(t.app, { method: 'GET', url: '/readyz' });
    assert.equal(ready.statusCode, 200);
    assert.deepEqual(ready.data, { status: 'ok' });
  });

  test('/openapi.json documents the routes and /docs serves Swagger UI', async () => {
    const spec = await call(t.app, { method: 'GET', url: '/openapi.json' });
    assert.equal(spec.statusCode, 200);
    assert.equal(spec.data.openapi, '3.1.0');
    for (const path of ['/api/v1/auth/register', '/api/v1/auth/login', '/api/v1/sessions', '/api/v1/sessions/{id}', '/api/v1/users/@me']) {
      assert.ok(spec.data.paths[path], `${path} is documented`);
    }
    const docs = await call(t.app, { method: 'GET', url: '/docs' });
    assert.equal(docs.statusCode, 200);
    assert.match(String(docs.headers['content-type']), /^text\/html/);
  });

  test('an unknown route is a JSON 404', async () => {
    const response = await call(t.app, { method: 'GET', url: '/api/v1/nothing/here?x=1' });
    assert.equal(response.statusCode, 404);
    assert.match(String(response.headers['content-type']), /^application\/json/);
    assert.deepEqual(response.data, { code: 'UNKNOWN_ROUTE', message: 'No route for GET /api/v1/nothing/here' });
  });

  test('a database failure is a bare 500 and /readyz reports it', async () => {
    const broken = await createTestApp();
    await broken.db.store.close();
    const response = await call(broken.app, { method: 'POST', url: '/api/v1/auth/login', payload: { login: 'someone', password: 'password1' } });
    assert.equal(response.statusCode, 500);
    assert.deepEqual(response.data, { code: 'INTERNAL_ERROR', message: 'Internal server error' });
    const ready = await call(broken.app, { method: 'GET', url: '/readyz' });
    assert.equal(ready.statusCode, 503);
    assert.deepEqual(ready.data, { status: 'database unavailable' });
    await broken.app.close();
  });

  test('/readyz is 503 while a migration is pending, and 200 once it is recorded as applied', async () => {
    const behind = await createTestApp();
    const file = new BetterSqlite3(behind.db.file!);
    const applied = file.prepare("select * from kysely_migration where name = '0008-linked-identities'").get() as { name: string; timestamp: string };
    file.prepare('delete from kysely_migration where name = ?').run(applied.name);
    const ready = await call(behind.app, { method: 'GET', url: '/readyz' });
    assert.equal(ready.statusCode, 503);
    assert.deepEqual(ready.data, { status: 'migrations pending' });
    file.prepare('insert into kysely_migration (name, timestamp) values (?, ?)').run(applied.name, applied.timestamp);
    file.close();
    const after = await call(behind.app, { method: 'GET', url: '/readyz' });
    assert.equal(after.statusCode, 200);
    assert.deepEqual(after.data, { status: 'ok' });
    await behind.close();
  });

  test('/readyz is 503 when the configured Redis does not answer', async () => {
    const redis = new Redis('redis://127.0.0.1:1', { lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 0 });
    const withRedis = await createTestApp({ redis });
    const ready = await call(withRedis.app, { method: 'GET', url: '/readyz' });
    assert.equal(ready.statusCode, 503);
    assert.deepEqual(ready.data, { status: 'redis unavailable' });
    assert.equal((await call(withRedis.app, { method: 'GET', url: '/healthz' })).statusCode, 200);
    await withRedis.close();
    redis.disconnect();
  });
});

// Request ids and request logs: one JSON line per request, the id in X-Request-Id and in every line of its request,
// taken from a proxy's X-Request-Id only when GUILDGATE_TRUST_PROXY is on.
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { describe, test } from 'node:test';
import { loggerOptions } from '../../src/app.js';
import { call, createTestApp } from '../helpers/app.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** A test app logging at info into `lines` (one parsed JSON object per line). */
async function loggingApp(env: Record<string, string> = {}) {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  const t = await createTestApp({ env, logger: { ...(loggerOptions('info') as object), stream } });
  return { t, lines };
}

describe('request ids and request logs', () => {
  test('one JSON line per request carrying the generated id that X-Request-Id returns; an incoming id is ignored without a trusted proxy', async () => {
    const { t, lines } = await loggingApp();
    const response = await call(t.app, { method: 'GET', url: '/healthz?probe=1', headers: { 'x-request-id': 'from-the-client' } });
    const id = String(response.headers['x-request-id']);
    assert.match(id, UUID);
    const mine = lines.filter((line) => line.reqId === id);
    assert.equal(mine.length, 1);
    assert.deepEqual(
      { msg: mine[0]!.msg, req: mine[0]!.req, route: mine[0]!.route, statusCode: mine[0]!.statusCode, level: mine[0]!.level },
      { msg: 'request completed', req: { id, method: 'GET', path: '/healthz', ip: '127.0.0.1' }, route: '/healthz', statusCode: 200, level: 30 },
    );
    assert.equal(typeof mine[0]!.responseTime, 'number');
    await t.close();
  });

  test('behind a trusted proxy its X-Request-Id is used when short and plain, replaced otherwise', async () => {
    const { t } = await loggingApp({ GUILDGATE_TRUST_PROXY: 'on' });
    const idOf = async (header: string) =>
      String((await call(t.app, { method: 'GET', url: '/healthz', headers: { 'x-request-id': header } })).headers['x-request-id']);
    assert.equal(await idOf('nginx-4f2a.9:b_c'), 'nginx-4f2a.9:b_c');
    assert.match(await idOf('x'.repeat(129)), UUID);
    assert.equal(await idOf('x'.repeat(128)), 'x'.repeat(128));
    assert.match(await idOf('has space'), UUID);
    assert.match(await idOf('line\u00e9break'), UUID);
    assert.match(await idOf('a"b'), UUID);
    await t.close();
  });

  test("every log line of a request carries its id (a failed readiness check's warning and the request's line)", async () => {
    const { t, lines } = await loggingApp({ GUILDGATE_TRUST_PROXY: 'on' });
    await t.db.store.close();
    const response = await call(t.app, { method: 'GET', url: '/readyz', headers: { 'x-request-id': 'probe-17' } });
    assert.equal(response.statusCode, 503);
    assert.equal(response.headers['x-request-id'], 'probe-17');
    const mine = lines.filter((line) => line.reqId === 'probe-17');
    assert.deepEqual(
      mine.map((line) => line.msg),
      ['readiness: the database does not answer', 'request completed'],
    );
    await t.app.close();
  });
});

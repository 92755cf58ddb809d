// GET /metrics on its own listener: request histogram by route pattern, operation counters, outbox and pool gauges.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { loadConfig } from '../../src/config.js';
import { generateToken } from '../../src/crypto/tokens.js';
import { bearer, call, createTestApp, registerUser, type TestApp } from '../helpers/app.js';
import { createTestClient } from '../helpers/applications.js';
import { postForm, basic } from '../helpers/oauth.js';
import { seedApplication } from '../helpers/seed-application.js';

async function scrape(t: TestApp): Promise<string> {
  const address = t.app.metrics!.address()!;
  const response = await fetch(`http://${address.address}:${address.port}/metrics`);
  assert.equal(response.status, 200);
  assert.match(String(response.headers.get('content-type')), /^text\/plain; version=0\.0\.4/);
  return response.text();
}

/** The value of one sample (`name{labels}`), or null when the scrape has no such line. */
function sample(text: string, series: string): number | null {
  const line = text.split('\n').find((candidate) => candidate.startsWith(`${series} `));
  return line === undefined ? null : Number(line.slice(series.length + 1));
}

describe('metrics', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp({ env: { GUILDGATE_METRICS_PORT: '0', GUILDGATE_LOGIN_MAX_FAILURES: '1' } });
  });
  after(() => t.close());

  test('the listener is bound to 127.0.0.1 by default, apart from the API port, which has no /metrics', async () => {
    assert.equal(t.app.metrics!.address()!.address, '127.0.0.1');
    const onApi = await call(t.app, { method: 'GET', url: '/metrics' });
    assert.equal(onApi.statusCode, 404);
    const address = t.app.metrics!.address()!;
    assert.equal((await fetch(`http://127.0.0.1:${address.port}/other`)).status, 404);
  });

  test('requests are observed by route pattern, method and status code', async () => {
    const user = await registerUser(t.app);
    await call(t.app, { method: 'GET', url: '/healthz' });
    await call(t.app, { method: 'GET', url: `/api/v1/guilds/1234`, headers: bearer(user.token) });
    await call(t.app, { method: 'GET', url: '/api/v1/guilds/5678', headers: bearer(user.token) });
    await call(t.app, { method: 'DELETE', url: '/no/such/page' });
    const text = await scrape(t);
    assert.equal(sample(text, 'http_request_duration_seconds_count{method="GET",route="/healthz",status_code="200"}'), 1);
    assert.equal(sample(text, 'http_request_duration_seconds_count{method="GET",route="/api/v1/guilds/:id",status_code="404"}'), 2);
    assert.equal(sample(text, 'http_request_duration_seconds_count{method="DELETE",route="unmatched",status_code="404"}'), 1);
    assert.equal(sample(text, 'http_request_duration_seconds_count{method="POST",route="/api/v1/auth/register",status_code="201"}'), 1);
    assert.equal(text.includes('/api/v1/guilds/1234'), false, 'no label carries a URL');
  });

  test('tokens issued by grant, token checks, login failures and limit refusals are counted', async () => {
    const before = await scrape(t);
    const owner = await registerUser(t.app);
    const client = await createTestClient(t.db.store, { ownerId: owner.id });
    const issued = await postForm(
      t.app,
      '/api/v1/oauth2/token',
      { grant_type: 'client_credentials', scope: 'identify' },
      basic(client.clientId, client.clientSecret!),
    );
    assert.equal(issued.statusCode, 200);
    assert.equal((await call(t.app, { method: 'GET', url: '/api/v1/oauth2/@me', headers: bearer(issued.data.access_token) })).statusCode, 200);
    assert.equal((await call(t.app, { method: 'GET', url: '/api/v1/oauth2/@me', headers: bearer(generateToken('access')) })).statusCode, 401);
    const introspected = await postForm(t.app, '/api/v1/oauth2/introspect', { token: issued.data.access_token }, basic(client.clientId, client.clientSecret!));
    assert.equal(introspected.data.active, true);
    const wrong = { login: owner.username, password: 'wrong password here' };
    assert.equal((await call(t.app, { method: 'POST', url: '/api/v1/auth/login', payload: wrong })).statusCode, 401);
    assert.equal((await call(t.app, { method: 'POST', url: '/api/v1/auth/login', payload: wrong })).statusCode, 429);
    const after = await scrape(t);
    const delta = (series: string) => (sample(after, series) ?? 0) - (sample(before, series) ?? 0);
    assert.equal(delta('guildgate_tokens_issued_total{grant_type="client_credentials"}'), 1);
    assert.equal(delta('guildgate_token_checks_total{via="bearer",result="active"}'), 1);
    assert.equal(delta('guildgate_token_checks_total{via="bearer",result="inactive"}'), 1);
    assert.equal(delta('guildgate_token_checks_total{via="introspection",result="active"}'), 1);
    assert.equal(delta('guildgate_login_failures_total'), 1);
    assert.equal(delta('guildgate_rate_limit_rejections_total{bucket="login-failures"}'), 1);
  });

  test('outbox depth and oldest-event age, pool usage and event-loop lag are read on scrape', async () => {
    const empty = await scrape(t);
    assert.equal(sample(empty, 'guildgate_outbox_pending_events'), 0);
    assert.equal(sample(empty, 'guildgate_outbox_oldest_event_age_seconds'), 0);
    const owner = await registerUser(t.app);
    const application = await seedApplication(t.db.store, owner.id);
    const event = {
      applicationId: application.id,
      type: 'APPLICATION_AUTHORIZED',
      payload: '{}',
      status: 'pending' as const,
      attempts: 0,
      deliveredAt: null,
      lastStatus: null,
      lastError: null,
    };
    await t.db.store.events.enqueue({ ...event, id: 'event-1', createdAt: t.clock.now(), nextAttemptAt: t.clock.now() });
    t.clock.advance(30);
    await t.db.store.events.enqueue({ ...event, id: 'event-2', createdAt: t.clock.now(), nextAttemptAt: t.clock.now() });
    t.clock.advance(12);
    const text = await scrape(t);
    assert.equal(sample(text, 'guildgate_outbox_pending_events'), 2);
    assert.equal(sample(text, 'guildgate_outbox_oldest_event_age_seconds'), 42);
    assert.equal(sample(text, 'guildgate_db_pool_in_use'), 0);
    assert.equal(sample(text, 'guildgate_db_pool_waiting'), 0);
    assert.ok(sample(text, 'nodejs_eventloop_lag_seconds') !== null, 'event-loop lag is exported');
  });
});

describe('metrics settings', () => {
  test('unset GUILDGATE_METRICS_PORT: no listener; a bad port is refused in one line', async () => {
    const t = await createTestApp();
    assert.equal(t.app.metrics, null);
    await t.close();
    assert.throws(() => loadConfig({ GUILDGATE_METRICS_PORT: 'ninety' }), {
      message: 'GUILDGATE_METRICS_PORT: expected an integer from 0 to 65535, got "ninety"',
    });
    assert.deepEqual(loadConfig({ GUILDGATE_METRICS_PORT: '9464', GUILDGATE_METRICS_HOST: '0.0.0.0' }).metrics, { port: 9464, host: '0.0.0.0' });
  });
});

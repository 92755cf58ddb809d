// Upstream login cannot be used as an amplifier: logins are counted per address and for everyone before guildgate
// calls the provider with its own credentials (API and web callback alike), and provider answers are read to 1 MB.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { call, createTestApp, unchanged, type TestApp } from '../helpers/app.js';
import { forEachDialect } from '../helpers/stores.js';
import { APP_REDIRECT, FAKE_USER, startFakeUpstream, webCallback, type FakeUpstream } from '../helpers/upstream.js';

const REJECTED = { code: 'UPSTREAM_REJECTED', message: 'Fake rejected the code: invalid_grant' };
const BOGUS_CODE = { status: 400, body: { error: 'invalid_grant' } };

const tokenCalls = (fake: FakeUpstream) => fake.received.filter((request) => request.path === '/token').length;

function apiLogin(t: TestApp, remoteAddress: string) {
  return call(t.app, {
    method: 'POST',
    url: '/api/v1/auth/oauth2',
    payload: { provider: 'fake', code: 'bogus-code', redirect_uri: APP_REDIRECT },
    remoteAddress,
  });
}

/** Starts a web login from the address and comes back to the callback with a code. */
async function webLogin(t: TestApp, remoteAddress: string) {
  const started = await call(t.app, { method: 'GET', url: '/login/upstream/fake', remoteAddress });
  assert.equal(started.statusCode, 302, started.body);
  const state = new URL(String(started.headers.location)).searchParams.get('state')!;
  const cookie = started.cookies.map((each) => `${each.name}=${each.value}`).join('; ');
  return call(t.app, {
    method: 'GET',
    url: `/login/upstream/fake/callback?${new URLSearchParams({ state, code: 'bogus-code' })}`,
    headers: { cookie },
    remoteAddress,
  });
}

describe('upstream logins per address and for everyone', () => {
  let fake: FakeUpstream;
  before(async () => {
    fake = await startFakeUpstream();
  });
  beforeEach(() => {
    fake.reset();
    fake.answers['/token'] = BOGUS_CODE;
  });
  after(() => fake.close());

  async function appWith(addressLimit: number, globalLimit: number): Promise<TestApp> {
    return createTestApp({
      env: {
        ...fake.env('FAKE', { REDIRECT_URIS: `${APP_REDIRECT},${webCallback('FAKE')}` }),
        GUILDGATE_UPSTREAM_LOGIN_ADDRESS_LIMIT: String(addressLimit),
        GUILDGATE_UPSTREAM_LOGIN_LIMIT: String(globalLimit),
      },
    });
  }

  test('POST /auth/oauth2: past the address limit 429 without calling the provider; another address still gets through', async () => {
    const t = await appWith(3, 1000);
    try {
      for (let i = 0; i < 3; i++) assert.deepEqual((await apiLogin(t, '10.60.0.1')).data, REJECTED);
      const refused = await unchanged(t.db, () => apiLogin(t, '10.60.0.1'));
      assert.equal(refused.statusCode, 429);
      assert.deepEqual(refused.data, { code: 'RATE_LIMITED', message: 'Too many upstream logins from this address; try again later' });
      assert.equal(refused.headers['x-ratelimit-bucket'], 'upstream-login-address');
      assert.equal(refused.headers['retry-after'], '60');
      assert.equal(tokenCalls(fake), 3);
      assert.deepEqual((await apiLogin(t, '10.60.0.2')).data, REJECTED);
      assert.equal(tokenCalls(fake), 4);
    } finally {
      await t.close();
    }
  });

  test('POST /auth/oauth2: past the global limit 429 from any address, the provider called only that often', async () => {
    const t = await appWith(1000, 5);
    try {
      for (let i = 1; i <= 5; i++) assert.deepEqual((await apiLogin(t, `10.61.0.${i}`)).data, REJECTED);
      const refused = await apiLogin(t, '10.61.1.1');
      assert.equal(refused.statusCode, 429);
      assert.deepEqual(refused.data, { code: 'RATE_LIMITED', message: 'Too many upstream logins; try again later' });
      assert.equal(refused.headers['x-ratelimit-bucket'], 'upstream-login');
      assert.equal(tokenCalls(fake), 5);
      t.clock.advance(60);
      assert.deepEqual((await apiLogin(t, '10.61.1.1')).data, REJECTED);
    } finally {
      await t.close();
    }
  });

  test('the web callback shares the limits: past them a 429 page with Retry-After, the provider not called', async () => {
    const t = await appWith(2, 1000);
    try {
      assert.equal((await webLogin(t, '10.62.0.1')).statusCode, 400);
      assert.equal((await apiLogin(t, '10.62.0.1')).statusCode, 400);
      const refused = await webLogin(t, '10.62.0.1');
      assert.equal(refused.statusCode, 429);
      assert.match(refused.body, /Too many upstream logins from this address; try again later/);
      assert.equal(refused.headers['retry-after'], '60');
      assert.equal(tokenCalls(fake), 2);
    } finally {
      await t.close();
    }
  });
});

forEachDialect('upstream answers are read to 1 MB', (dialect) => {
  let fake: FakeUpstream;
  let t: TestApp;
  before(async () => {
    fake = await startFakeUpstream();
    t = await createTestApp({ dialect, env: fake.env('FAKE') });
  });
  beforeEach(() => fake.reset());
  after(async () => {
    await t.close();
    await fake.close();
  });

  const login = () =>
    call(t.app, { method: 'POST', url: '/api/v1/auth/oauth2', payload: { provider: 'fake', code: 'upstream-code', redirect_uri: APP_REDIRECT } });
  /** A user answer padded past 1 MB. */
  const hugeUser = { ...FAKE_USER, padding: 'x'.repeat(1_048_576) };

  test('a token answer longer than 1 MB (by Content-Length) is 502 UPSTREAM_BAD_RESPONSE and changes nothing', async () => {
    fake.answers['/token'] = { status: 200, body: { access_token: 'a', token_type: 'Bearer', padding: 'x'.repeat(1_048_576) } };
    const response = await unchanged(t.db, login);
    assert.equal(response.statusCode, 502);
    assert.deepEqual(response.data, { code: 'UPSTREAM_BAD_RESPONSE', message: 'Fake answered badly: the token endpoint answered more than 1048576 bytes' });
  });

  test('a chunked user answer longer than 1 MB is cut off: 502 UPSTREAM_BAD_RESPONSE and changes nothing', async () => {
    fake.answers['/api/users/@me'] = { status: 200, body: hugeUser, chunked: true };
    const response = await unchanged(t.db, login);
    assert.equal(response.statusCode, 502);
    assert.deepEqual(response.data, { code: 'UPSTREAM_BAD_RESPONSE', message: 'Fake answered badly: GET /users/@me answered more than 1048576 bytes' });
  });

  test('a chunked answer under 1 MB is read whole', async () => {
    fake.answers['/api/users/@me'] = { status: 200, body: { ...FAKE_USER, padding: 'x'.repeat(900_000) }, chunked: true };
    const response = await login();
    assert.equal(response.statusCode, 200, response.body);
  });
});

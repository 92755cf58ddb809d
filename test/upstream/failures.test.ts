// Upstream failures at login against a scriptable provider on 127.0.0.1: timeouts, refused connections, 5xx, garbage and refusals change nothing.
import assert from 'node:assert/strict';
import { after, before, beforeEach, test } from 'node:test';
import { call, createTestApp, unchanged, type TestApp } from '../helpers/app.js';
import { pkce } from '../helpers/oauth.js';
import { forEachDialect } from '../helpers/stores.js';
import { APP_REDIRECT, FAKE_USER, refusedUrl, startFakeUpstream, type FakeAnswer, type FakeUpstream } from '../helpers/upstream.js';

// Long enough for a loaded machine to answer the fake provider; the hanging answers wait it out twice in the file.
const TIMEOUT_MS = 1500;

forEachDialect('upstream failures', (dialect) => {
  let fake: FakeUpstream;
  let t: TestApp;
  let closed: string;
  before(async () => {
    fake = await startFakeUpstream();
    closed = await refusedUrl();
    t = await createTestApp({
      dialect,
      env: { ...fake.env('FAKE'), ...fake.env('GONE', { TOKEN_URL: `${closed}/token` }), GUILDGATE_UPSTREAM_TIMEOUT: String(TIMEOUT_MS) },
    });
  });
  beforeEach(() => fake.reset());
  after(async () => {
    await t.close();
    await fake.close();
  });

  const login = (payload: Record<string, unknown> = {}) =>
    call(t.app, { method: 'POST', url: '/api/v1/auth/oauth2', payload: { provider: 'fake', code: 'upstream-code', redirect_uri: APP_REDIRECT, ...payload } });

  /** Scripts one answer, logs in, and checks the exact error with the database unchanged. */
  async function failsWith(path: string, answer: FakeAnswer, status: number, body: { code: string; message: string }) {
    fake.answers[path] = answer;
    const response = await unchanged(t.db, () => login());
    assert.equal(response.statusCode, status, response.body);
    assert.deepEqual(response.data, body);
  }

  test('the code goes to the token endpoint with client_secret_post, the token to the API as a Bearer', async () => {
    const { verifier } = pkce();
    const response = await login({ code_verifier: verifier });
    assert.equal(response.statusCode, 200, response.body);
    const [token, me, guilds] = fake.received;
    assert.equal(token?.path, '/token');
    assert.equal(token.method, 'POST');
    assert.equal(token.headers['content-type'], 'application/x-www-form-urlencoded');
    assert.equal(token.headers.authorization, undefined);
    assert.deepEqual(Object.fromEntries(new URLSearchParams(token.body)), {
      grant_type: 'authorization_code',
      code: 'upstream-code',
      redirect_uri: APP_REDIRECT,
      code_verifier: verifier,
      client_id: 'fake-client',
      client_secret: 'fake-secret',
    });
    assert.deepEqual([me, guilds].map((request) => [request?.method, request?.path, request?.headers.authorization]).sort(), [
      ['GET', '/api/users/@me', 'Bearer upstream-access-token'],
      ['GET', '/api/users/@me/guilds', 'Bearer upstream-access-token'],
    ]);
    assert.equal(response.data.user_id, FAKE_USER.id);
    assert.deepEqual(response.data.user, {
      id: FAKE_USER.id,
      username: 'nelly',
      discriminator: '0',
      global_name: 'Nelly',
      avatar: FAKE_USER.avatar,
      bot: false,
      system: false,
      flags: 0,
      email: null,
      verified: false,
    });
  });

  test('a Discord-shaped legacy user gets a local username from its name', async () => {
    fake.answers['/api/users/@me'] = {
      status: 200,
      body: {
        id: '41771983423143937',
        username: 'Zoë Smith!',
        discriminator: '1337',
        global_name: null,
        avatar: null,
        email: 'zoe@example.com',
        verified: true,
      },
    };
    const response = await login();
    assert.equal(response.statusCode, 200, response.body);
    assert.equal(response.data.user.username, 'Zoe_Smith_');
    assert.equal(response.data.user.email, 'zoe@example.com');
    assert.equal(response.data.user.verified, true);
  });

  test('a token endpoint that does not answer in time is 502 UPSTREAM_UNAVAILABLE', () =>
    failsWith('/token', 'hang', 502, {
      code: 'UPSTREAM_UNAVAILABLE',
      message: `Fake is unavailable: the token endpoint failed (timed out after ${TIMEOUT_MS} ms)`,
    }));

  test('a token endpoint that refuses connections is 502 UPSTREAM_UNAVAILABLE', async () => {
    const response = await unchanged(t.db, () => login({ provider: 'gone' }));
    assert.equal(response.statusCode, 502);
    assert.deepEqual(response.data, { code: 'UPSTREAM_UNAVAILABLE', message: 'Gone is unavailable: the token endpoint failed (ECONNREFUSED)' });
  });

  test('a token endpoint answering 500 or 429 is 502 UPSTREAM_UNAVAILABLE', async () => {
    await failsWith('/token', { status: 500, body: 'oops' }, 502, {
      code: 'UPSTREAM_UNAVAILABLE',
      message: 'Fake is unavailable: the token endpoint answered HTTP 500',
    });
    await failsWith('/token', { status: 429, body: { message: 'You are being rate limited.' } }, 502, {
      code: 'UPSTREAM_UNAVAILABLE',
      message: 'Fake is unavailable: the token endpoint answered HTTP 429',
    });
  });

  test('a token endpoint answering garbage is 502 UPSTREAM_BAD_RESPONSE', async () => {
    await failsWith('/token', { status: 200, body: '<html>hello</html>' }, 502, {
      code: 'UPSTREAM_BAD_RESPONSE',
      message: 'Fake answered badly: the token endpoint answered malformed JSON',
    });
    await failsWith('/token', { status: 200, body: { token: 'x' } }, 502, {
      code: 'UPSTREAM_BAD_RESPONSE',
      message: 'Fake answered badly: the token endpoint answered an unexpected token answer',
    });
    await failsWith('/token', { status: 302, body: '' }, 502, {
      code: 'UPSTREAM_BAD_RESPONSE',
      message: 'Fake answered badly: the token endpoint answered HTTP 302',
    });
    await failsWith('/token', { status: 404, body: 'not here' }, 502, {
      code: 'UPSTREAM_BAD_RESPONSE',
      message: 'Fake answered badly: the token endpoint answered HTTP 404 without an OAuth error',
    });
  });

  test('a code the upstream rejects is 400 UPSTREAM_REJECTED carrying its error', async () => {
    await failsWith('/token', { status: 400, body: { error: 'invalid_grant', error_description: 'Invalid "code" in request.' } }, 400, {
      code: 'UPSTREAM_REJECTED',
      message: 'Fake rejected the code: invalid_grant: Invalid "code" in request.',
    });
    await failsWith('/token', { status: 401, body: { error: 'invalid_client' } }, 400, {
      code: 'UPSTREAM_REJECTED',
      message: 'Fake rejected the code: invalid_client',
    });
    // Refused at the token endpoint: the API was never asked.
    assert.deepEqual(
      fake.received.map((request) => request.path),
      ['/token', '/token'],
    );
  });

  test('the user endpoint failing, or answering garbage, creates nothing', async () => {
    await failsWith('/api/users/@me', 'hang', 502, {
      code: 'UPSTREAM_UNAVAILABLE',
      message: `Fake is unavailable: GET /users/@me failed (timed out after ${TIMEOUT_MS} ms)`,
    });
    await failsWith('/api/users/@me', { status: 503, body: '' }, 502, {
      code: 'UPSTREAM_UNAVAILABLE',
      message: 'Fake is unavailable: GET /users/@me answered HTTP 503',
    });
    await failsWith('/api/users/@me', { status: 200, body: '{"id":' }, 502, {
      code: 'UPSTREAM_BAD_RESPONSE',
      message: 'Fake answered badly: GET /users/@me answered malformed JSON',
    });
    for (const user of [
      { ...FAKE_USER, id: 42 },
      { ...FAKE_USER, id: '0' },
      { ...FAKE_USER, username: 'a\u0000b' },
      { ...FAKE_USER, avatar: '../../x' },
      [FAKE_USER],
    ]) {
      await failsWith('/api/users/@me', { status: 200, body: user }, 502, {
        code: 'UPSTREAM_BAD_RESPONSE',
        message: 'Fake answered badly: GET /users/@me answered an unexpected user object',
      });
    }
    await failsWith('/api/users/@me', { status: 401, body: { message: '401: Unauthorized', code: 0 } }, 400, {
      code: 'UPSTREAM_REJECTED',
      message: 'Fake refused GET /users/@me with HTTP 401: the authorization must grant the identify scope',
    });
  });

  test('the guild list failing, or answering garbage, creates nothing', async () => {
    await failsWith('/api/users/@me/guilds', { status: 500, body: '' }, 502, {
      code: 'UPSTREAM_UNAVAILABLE',
      message: 'Fake is unavailable: GET /users/@me/guilds answered HTTP 500',
    });
    await failsWith('/api/users/@me/guilds', { status: 200, body: 'null' }, 502, {
      code: 'UPSTREAM_BAD_RESPONSE',
      message: 'Fake answered badly: GET /users/@me/guilds answered an unexpected guild list',
    });
    const guild = { id: '81384788765712384', name: 'Discord API', icon: null, owner: false, permissions: '2048' };
    for (const guilds of [
      [{ ...guild, permissions: 2048 }],
      [{ ...guild, permissions: '99999999999999999999' }],
      [{ ...guild, name: '' }],
      [{ ...guild, owner: 'no' }],
    ]) {
      await failsWith('/api/users/@me/guilds', { status: 200, body: guilds }, 502, {
        code: 'UPSTREAM_BAD_RESPONSE',
        message: 'Fake answered badly: GET /users/@me/guilds answered an unexpected guild list',
      });
    }
    await failsWith('/api/users/@me/guilds', { status: 403, body: { message: 'Missing Access' } }, 400, {
      code: 'UPSTREAM_REJECTED',
      message: 'Fake refused GET /users/@me/guilds with HTTP 403: the authorization must grant the guilds scope',
    });
  });

  test('upstream error text is cut short and stripped of control characters', async () => {
    const description = `line one\nline two\u0000${'x'.repeat(400)}`;
    fake.answers['/token'] = { status: 400, body: { error: 'invalid_grant', error_description: description } };
    const response = await unchanged(t.db, () => login());
    assert.equal(response.statusCode, 400);
    assert.equal(response.data.message, `Fake rejected the code: ${`invalid_grant: ${description}`.replace(/[\x00-\x1f]/g, ' ').slice(0, 200)}`);
  });
});

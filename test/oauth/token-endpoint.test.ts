// The token endpoint: form bodies only, client authentication methods, grant dispatch, client_credentials and rate limits.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { bearer, call, createTestApp, registerUser, type RegisteredUser, type TestApp } from '../helpers/app.js';
import { createTestClient, type TestClient } from '../helpers/applications.js';
import { accessWorks, authorizeCode, basic, FORM, postForm } from '../helpers/oauth.js';
import { forEachDialect } from '../helpers/stores.js';

const TOKEN = '/api/v1/oauth2/token';

forEachDialect('token endpoint', (dialect) => {
  let t: TestApp;
  let owner: RegisteredUser;
  let client: TestClient;
  let publicClient: TestClient;

  before(async () => {
    t = await createTestApp({ dialect });
    owner = await registerUser(t.app);
    client = await createTestClient(t.db.store, { ownerId: owner.id });
    publicClient = await createTestClient(t.db.store, { ownerId: owner.id, method: 'none' });
  });
  after(() => t.close());

  test('a JSON body is refused with 400 invalid_request and no-store headers', async () => {
    const response = await call(t.app, {
      method: 'POST',
      url: TOKEN,
      headers: basic(client.clientId, client.clientSecret!),
      payload: { grant_type: 'client_credentials' },
    });
    assert.equal(response.statusCode, 400);
    assert.deepEqual(response.data, { error: 'invalid_request', error_description: 'The body must be application/x-www-form-urlencoded' });
    assert.equal(response.headers['cache-control'], 'no-store');
    assert.equal(response.headers.pragma, 'no-cache');
  });

  test('other content types and no body are refused with 400 invalid_request', async () => {
    const text = await call(t.app, { method: 'POST', url: TOKEN, headers: { 'content-type': 'text/plain' }, payload: 'grant_type=client_credentials' });
    assert.equal(text.statusCode, 400);
    assert.equal(text.data.error, 'invalid_request');
    const empty = await call(t.app, { method: 'POST', url: TOKEN, headers: FORM });
    assert.equal(empty.statusCode, 400);
    assert.equal(empty.data.error, 'invalid_request');
  });

  test('a repeated parameter is invalid_request', async () => {
    const response = await call(t.app, {
      method: 'POST',
      url: TOKEN,
      headers: { ...FORM, ...basic(client.clientId, client.clientSecret!) },
      payload: 'grant_type=client_credentials&grant_type=password',
    });
    assert.equal(response.statusCode, 400);
    assert.equal(response.data.error, 'invalid_request');
  });

  test('missing and unsupported grant types: password and implicit get unsupported_grant_type', async () => {
    const auth = basic(client.clientId, client.clientSecret!);
    assert.deepEqual((await postForm(t.app, TOKEN, {}, auth)).data, { error: 'invalid_request', error_description: 'grant_type is required' });
    for (const grant_type of ['password', 'implicit', 'urn:ietf:params:oauth:grant-type:jwt-bearer']) {
      const response = await postForm(t.app, TOKEN, { grant_type, username: 'a', password: 'b' }, auth);
      assert.equal(response.statusCode, 400);
      assert.equal(response.data.error, 'unsupported_grant_type');
    }
  });

  test('client_secret_basic decodes form-url-encoded credentials', async () => {
    const response = await postForm(t.app, TOKEN, { grant_type: 'client_credentials' }, basic(client.clientId, client.clientSecret!));
    assert.equal(response.statusCode, 200);
    const encoded = `Basic ${Buffer.from(`${client.clientId}:${encodeURIComponent(client.clientSecret!)}`).toString('base64')}`;
    assert.equal((await postForm(t.app, TOKEN, { grant_type: 'client_credentials' }, { authorization: encoded })).statusCode, 200);
  });

  test('client_secret_post is accepted', async () => {
    const response = await postForm(t.app, TOKEN, { grant_type: 'client_credentials', client_id: client.clientId, client_secret: client.clientSecret! });
    assert.equal(response.statusCode, 200);
  });

  test('two client authentication methods at once are invalid_request', async () => {
    const response = await postForm(
      t.app,
      TOKEN,
      { grant_type: 'client_credentials', client_secret: client.clientSecret! },
      basic(client.clientId, client.clientSecret!),
    );
    assert.equal(response.statusCode, 400);
    assert.deepEqual(response.data, { error: 'invalid_request', error_description: 'Use one client authentication method, not two' });
  });

  test('bad client credentials get 401 invalid_client with WWW-Authenticate', async () => {
    const cases: [Record<string, string>, Record<string, string>][] = [
      [{}, basic(client.clientId, 'wrong')],
      [{ client_id: client.clientId, client_secret: 'wrong' }, {}],
      [{ client_id: client.clientId }, {}],
      [{}, basic('999999', client.clientSecret!)],
      [{}, { authorization: 'Basic !!!' }],
      [{}, {}],
      [{ client_id: publicClient.clientId, client_secret: 'anything' }, {}],
    ];
    for (const [params, headers] of cases) {
      const response = await postForm(t.app, TOKEN, { grant_type: 'client_credentials', ...params }, headers);
      assert.equal(response.statusCode, 401, JSON.stringify(params));
      assert.equal(response.data.error, 'invalid_client');
      assert.equal(response.headers['www-authenticate'], 'Basic realm="guildgate"');
    }
  });

  test('client_credentials: a token for the application owner, no refresh token, default scope identify', async () => {
    const response = await postForm(t.app, TOKEN, { grant_type: 'client_credentials' }, basic(client.clientId, client.clientSecret!));
    assert.equal(response.statusCode, 200);
    assert.deepEqual(Object.keys(response.data).sort(), ['access_token', 'expires_in', 'scope', 'token_type']);
    assert.equal(response.data.scope, 'identify');
    const me = await call(t.app, { method: 'GET', url: '/api/v1/users/@me', headers: bearer(response.data.access_token) });
    assert.equal(me.data.id, owner.id);
    assert.equal(me.data.email, undefined);
  });

  test('client_credentials scopes are limited to identify, email, guilds and applications.commands', async () => {
    const auth = basic(client.clientId, client.clientSecret!);
    const allowed = await postForm(t.app, TOKEN, { grant_type: 'client_credentials', scope: 'identify email guilds applications.commands' }, auth);
    assert.equal(allowed.statusCode, 200);
    for (const scope of ['guilds.join', 'bot', 'identify connections', 'nonsense']) {
      const response = await postForm(t.app, TOKEN, { grant_type: 'client_credentials', scope }, auth);
      assert.equal(response.statusCode, 400, scope);
      assert.equal(response.data.error, 'invalid_scope');
    }
  });

  test('client_credentials is refused to public clients', async () => {
    const response = await postForm(t.app, TOKEN, { grant_type: 'client_credentials', client_id: publicClient.clientId });
    assert.equal(response.statusCode, 400);
    assert.equal(response.data.error, 'unauthorized_client');
  });

  test('the authorization_code grant needs a code', async () => {
    const response = await postForm(t.app, TOKEN, { grant_type: 'authorization_code' }, basic(client.clientId, client.clientSecret!));
    assert.deepEqual(response.data, { error: 'invalid_request', error_description: 'code is required' });
  });

  test('responses carry Discord-style rate limit headers', async () => {
    const response = await postForm(t.app, TOKEN, { grant_type: 'client_credentials' }, basic(client.clientId, client.clientSecret!));
    assert.equal(response.headers['x-ratelimit-limit'], '120');
    assert.match(String(response.headers['x-ratelimit-remaining']), /^\d+$/);
    assert.match(String(response.headers['x-ratelimit-reset']), /^\d+\.\d{3}$/);
    assert.equal(response.headers['x-ratelimit-bucket'], 'oauth-client');
  });

  test('rate limits per client: wrong secrets spend nothing; past 120 authenticated requests 429 temporarily_unavailable with Retry-After', async () => {
    const limited = await createTestClient(t.db.store, { ownerId: owner.id });
    for (let i = 0; i < 40; i++)
      assert.equal((await postForm(t.app, '/api/v1/oauth2/introspect', { token: 'x' }, basic(limited.clientId, 'wrong-secret'))).statusCode, 401);
    const auth = basic(limited.clientId, limited.clientSecret!);
    for (let i = 0; i < 120; i++) assert.equal((await postForm(t.app, '/api/v1/oauth2/introspect', { token: 'x' }, auth)).statusCode, 200);
    const last = await postForm(t.app, '/api/v1/oauth2/introspect', { token: 'x' }, auth);
    assert.equal(last.statusCode, 429);
    assert.deepEqual(last.data, { error: 'temporarily_unavailable', error_description: 'You are being rate limited' });
    assert.match(String(last.headers['retry-after']), /^\d+$/);
    assert.equal(last.headers['x-ratelimit-remaining'], '0');
    assert.equal(last.headers['x-ratelimit-bucket'], 'oauth-client');
  });
});

forEachDialect('rate limits off', (dialect) => {
  test('GUILDGATE_RATE_LIMIT=off sends no rate limit headers', async () => {
    const t = await createTestApp({ dialect, env: { GUILDGATE_RATE_LIMIT: 'off' } });
    try {
      const user = await registerUser(t.app);
      const client = await createTestClient(t.db.store, { ownerId: user.id });
      const { code, verifier } = await authorizeCode(t.app, user.token, client);
      const response = await postForm(
        t.app,
        TOKEN,
        { grant_type: 'authorization_code', code, code_verifier: verifier, redirect_uri: client.redirectUri },
        basic(client.clientId, client.clientSecret!),
      );
      assert.equal(response.statusCode, 200);
      assert.equal(response.headers['x-ratelimit-limit'], undefined);
      assert.equal(await accessWorks(t.app, response.data.access_token), true);
    } finally {
      await t.close();
    }
  });
});

// Hundreds of generated malformed token, revocation, introspection, consent and authorize requests: none gets a 5xx.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import fc from 'fast-check';
import { bearer, call, createTestApp, registerUser, type RegisteredUser, type TestApp } from '../helpers/app.js';
import { createTestClient, type TestClient } from '../helpers/applications.js';
import { forEachDialect } from '../helpers/stores.js';

const NAMES = [
  'grant_type',
  'code',
  'redirect_uri',
  'code_verifier',
  'refresh_token',
  'scope',
  'client_id',
  'client_secret',
  'token',
  'token_type_hint',
  'state',
  'response_type',
  'code_challenge',
  'code_challenge_method',
  'prompt',
  'nonce',
  'login',
  'password',
  'return_to',
  'csrf_token',
  'decision',
];
const GRANTS = ['authorization_code', 'refresh_token', 'client_credentials', 'password', 'implicit', ''];

forEachDialect('malformed requests', (dialect) => {
  let t: TestApp;
  let user: RegisteredUser;
  let client: TestClient;

  before(async () => {
    t = await createTestApp({ dialect, env: { GUILDGATE_RATE_LIMIT: 'off' } });
    user = await registerUser(t.app);
    client = await createTestClient(t.db.store, { ownerId: user.id });
  });
  after(() => t.close());

  /** Values that look almost right: real ids and prefixes, junk, huge and odd unicode strings. */
  const value = () =>
    fc.oneof(
      fc.string(),
      fc.string({ unit: 'grapheme', maxLength: 300 }),
      fc.constantFrom(client.clientId, client.clientSecret!, client.redirectUri, 'ggc_', 'ggrt_x', 'ggat_', 'S256', 'plain', 'identify email', 'bot'),
      fc.constantFrom('\u0000', `${client.clientId}\u0000`, 'a\u0000b', '%00', '\ud800'),
      fc.constantFrom(...GRANTS),
      fc.string({ minLength: 3000, maxLength: 5000 }),
    );
  const params = () =>
    fc.dictionary(fc.oneof(fc.constantFrom(...NAMES), fc.string()), fc.oneof(value(), fc.array(value(), { minLength: 2, maxLength: 3 })), { maxKeys: 8 });
  const encode = (record: Record<string, string | string[]>) => {
    const search = new URLSearchParams();
    for (const [name, item] of Object.entries(record)) for (const v of ([] as string[]).concat(item)) search.append(name, v);
    return search.toString();
  };
  const authorization = () =>
    fc.option(
      fc.oneof(
        fc.string().map((s) => `Basic ${s}`),
        fc.tuple(fc.string(), fc.string()).map(([id, secret]) => `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`),
        fc.constant(`Basic ${Buffer.from(`${client.clientId}:${client.clientSecret}`).toString('base64')}`),
        fc.string().map((s) => `Bearer ${s}`),
        fc.string(),
      ),
      { nil: undefined },
    );
  const contentType = () =>
    fc.constantFrom(
      'application/x-www-form-urlencoded',
      'application/x-www-form-urlencoded; charset=utf-8',
      'application/json',
      'text/plain',
      'multipart/form-data',
    );

  test('token, revocation and introspection endpoints never answer 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('/api/v1/oauth2/token', '/api/v1/oauth2/token/revoke', '/api/v1/oauth2/introspect'),
        params(),
        authorization(),
        contentType(),
        async (url, body, auth, type) => {
          const response = await call(t.app, {
            method: 'POST',
            url,
            headers: { 'content-type': type, ...(auth !== undefined && { authorization: auth }) },
            payload: type === 'application/json' ? JSON.stringify(body) : encode(body),
          });
          assert.ok(response.statusCode < 500, `${response.statusCode} ${response.body}`);
          if (response.statusCode >= 400) assert.equal(typeof response.data.error, 'string');
        },
      ),
      { numRuns: 300 },
    );
  });

  test('the consent API never answers 5xx', async () => {
    const body = fc.record(
      {
        client_id: fc.oneof(fc.constant(client.clientId), fc.string(), value()),
        redirect_uri: fc.oneof(fc.constant(client.redirectUri), fc.string()),
        response_type: fc.oneof(fc.constant('code'), fc.string()),
        scope: value(),
        state: value(),
        code_challenge: fc.oneof(fc.string(), fc.string({ minLength: 43, maxLength: 43 })),
        code_challenge_method: fc.oneof(fc.constantFrom('S256', 'plain'), fc.string()),
        nonce: value(),
        authorize: fc.boolean(),
      },
      { requiredKeys: [] },
    );
    await fc.assert(
      fc.asyncProperty(fc.oneof(body, fc.anything()), async (payload) => {
        const response = await call(t.app, {
          method: 'POST',
          url: '/api/v1/oauth2/authorize/consent',
          headers: { ...bearer(user.token), 'content-type': 'application/json' },
          payload: JSON.stringify(payload) ?? 'null',
        });
        assert.ok(response.statusCode < 500, `${response.statusCode} ${response.body}`);
        if (response.statusCode === 200) assert.ok(response.data.redirect_to.startsWith(`${client.redirectUri}?`));
      }),
      { numRuns: 300 },
    );
  });

  test('the sign-in, authorize and consent pages never answer 5xx', async () => {
    const pages = fc.constantFrom('GET /oauth2/authorize', 'POST /oauth2/authorize', 'GET /login', 'POST /login');
    await fc.assert(
      fc.asyncProperty(pages, params(), async (page, query) => {
        const [method, path] = page.split(' ') as ['GET' | 'POST', string];
        const encoded = encode({ client_id: client.clientId, ...query });
        const response = await call(t.app, {
          method,
          url: method === 'GET' ? `${path}?${encoded}` : path,
          headers: { cookie: `gg_session=${user.token}; gg_login_csrf=x`, ...(method === 'POST' && { 'content-type': 'application/x-www-form-urlencoded' }) },
          ...(method === 'POST' && { payload: encoded }),
        });
        assert.ok(response.statusCode < 500, `${response.statusCode} ${response.body}`);
      }),
      { numRuns: 300 },
    );
  });
});

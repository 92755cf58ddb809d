// Seed 003 (Metafy) walked with only the document's URLs and parameters: /auth/authorize (client_id, scope,
// redirect_uri, state), POST /irk/oauth/token (authorization_code, refresh_token, client_credentials) and
// POST /irk/oauth/revoke (token, token_type_hint, client_id, client_secret).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { bearer, call, createTestApp, registerUser, type RegisteredUser, type TestApp } from '../helpers/app.js';
import { createBotApp, type BotApp } from '../helpers/bot-install.js';
import { postForm } from '../helpers/oauth.js';
import { hiddenFields, postPage, sessionCookie } from '../helpers/pages.js';

describe('seed 003 (Metafy) flow', () => {
  let t: TestApp;
  let owner: RegisteredUser;
  let user: RegisteredUser;
  let app: BotApp;
  before(async () => {
    t = await createTestApp({ env: { GUILDGATE_RATE_LIMIT: 'off' } });
    owner = await registerUser(t.app);
    user = await registerUser(t.app);
    app = await createBotApp(t.app, owner);
  });
  after(() => t.close());

  const client = () => ({ client_id: app.clientId, client_secret: app.clientSecret });

  test('authorize, exchange, refresh and revoke at the document’s URLs', async () => {
    const cookie = sessionCookie(user);
    const query = new URLSearchParams({ client_id: app.clientId, scope: 'identify email', redirect_uri: app.redirectUri, state: 'metafy-state' });
    const page = await call(t.app, { method: 'GET', url: `/auth/authorize?${query}`, headers: { cookie } });
    assert.equal(page.statusCode, 200, page.body);
    const granted = await postPage(t.app, '/oauth2/authorize', cookie, { ...hiddenFields(page.body), decision: 'approve' });
    const redirect = new URL(String(granted.headers.location));
    assert.equal(redirect.searchParams.get('state'), 'metafy-state');

    const tokens = await postForm(t.app, '/irk/oauth/token', {
      grant_type: 'authorization_code',
      code: redirect.searchParams.get('code')!,
      redirect_uri: app.redirectUri,
      ...client(),
    });
    assert.equal(tokens.statusCode, 200, tokens.body);
    assert.equal(tokens.headers['content-type'], 'application/json');
    assert.deepEqual(Object.keys(tokens.data).sort(), ['access_token', 'expires_in', 'refresh_token', 'scope', 'token_type']);
    assert.equal(tokens.data.expires_in, 3600);

    const refreshed = await postForm(t.app, '/irk/oauth/token', { grant_type: 'refresh_token', refresh_token: tokens.data.refresh_token, ...client() });
    assert.equal(refreshed.statusCode, 200, refreshed.body);
    const me = await call(t.app, { method: 'GET', url: '/api/v1/users/@me', headers: bearer(refreshed.data.access_token) });
    assert.equal(me.data.id, user.id);

    const revoked = await postForm(t.app, '/irk/oauth/revoke', { token: refreshed.data.access_token, token_type_hint: 'access_token', ...client() });
    assert.equal(revoked.statusCode, 200);
    const revokedUse = await call(t.app, { method: 'GET', url: '/api/v1/users/@me', headers: bearer(refreshed.data.access_token) });
    assert.equal(revokedUse.statusCode, 401);
  });

  test('client_credentials at the token URL: a token for the application owner with the requested scope, no refresh token', async () => {
    const response = await postForm(t.app, '/irk/oauth/token', { grant_type: 'client_credentials', scope: 'identify', ...client() });
    assert.equal(response.statusCode, 200, response.body);
    assert.equal(response.data.refresh_token, undefined);
    assert.equal(response.data.scope, 'identify');
    const me = await call(t.app, { method: 'GET', url: '/api/v1/users/@me', headers: bearer(response.data.access_token) });
    assert.equal(me.data.id, owner.id);
  });

  test('a wrong client_secret at the token URL is an RFC 6749 invalid_client', async () => {
    const response = await postForm(t.app, '/irk/oauth/token', { grant_type: 'client_credentials', client_id: app.clientId, client_secret: 'wrong' });
    assert.equal(response.statusCode, 401);
    assert.equal(response.data.error, 'invalid_client');
  });
});

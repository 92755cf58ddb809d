// Access tokens on the API (RFC 6750): /users/@me, /oauth2/@me, /oauth2/userinfo, scopes, and a user's authorizations.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { bearer, call, createTestApp, registerUser, type RegisteredUser, type TestApp } from '../helpers/app.js';
import { createTestClient, type TestClient } from '../helpers/applications.js';
import { accessWorks, authorizeCode, exchangeCode, issueTokens, refresh, revokeToken } from '../helpers/oauth.js';
import { forEachDialect } from '../helpers/stores.js';
import { newUserJson } from '../helpers/user-json.js';

/** Discord's default avatar colors, by default avatar index. */
const DEFAULT_AVATAR_COLORS = [5793266, 7700106, 3908956, 16426522, 15548997, 15418782];

const get = (t: TestApp, url: string, token: string) => call(t.app, { method: 'GET', url, headers: bearer(token) });

forEachDialect('access tokens on the API', (dialect) => {
  let t: TestApp;
  let user: RegisteredUser;
  let client: TestClient;

  before(async () => {
    t = await createTestApp({ dialect, env: { GUILDGATE_RATE_LIMIT: 'off' } });
    const response = await call(t.app, {
      method: 'POST',
      url: '/api/v1/auth/register',
      payload: { username: `mail_${dialect}`, password: 'correct horse battery', email: `m_${dialect}@example.com` },
    });
    user = { id: response.data.user_id, token: response.data.token, sessionId: response.data.session_id, username: `mail_${dialect}`, password: '' };
    client = await createTestClient(t.db.store, { ownerId: user.id, name: 'Reader', description: 'Reads things' });
  });
  after(() => t.close());

  test('/users/@me with identify: the user without email', async () => {
    const tokens = await issueTokens(t.app, user.token, client, 'identify');
    const me = await get(t, '/api/v1/users/@me', tokens.access_token);
    assert.equal(me.statusCode, 200);
    assert.deepEqual(me.data, newUserJson(user));
  });

  test('/users/@me with identify email: the email too', async () => {
    const tokens = await issueTokens(t.app, user.token, client, 'identify email');
    const me = await get(t, '/api/v1/users/@me', tokens.access_token);
    assert.equal(me.data.email, `m_${dialect}@example.com`);
    assert.equal(me.data.verified, false);
  });

  test('a missing scope: 403 INSUFFICIENT_SCOPE with an insufficient_scope challenge', async () => {
    const tokens = await issueTokens(t.app, user.token, client, 'email');
    const me = await get(t, '/api/v1/users/@me', tokens.access_token);
    assert.equal(me.statusCode, 403);
    assert.deepEqual(me.data, { code: 'INSUFFICIENT_SCOPE', message: 'This token needs the scope: identify' });
    assert.equal(me.headers['www-authenticate'], 'Bearer realm="guildgate", error="insufficient_scope", scope="identify"');
  });

  test('bad, revoked and expired tokens: 401 with an invalid_token challenge', async () => {
    const tokens = await issueTokens(t.app, user.token, client, 'identify');
    await refresh(t.app, client, tokens.refresh_token);
    await revokeToken(t.app, client, tokens.access_token);
    for (const token of ['ggat_bogus', tokens.access_token, tokens.refresh_token, 'not-a-token']) {
      const me = await get(t, '/api/v1/users/@me', token);
      assert.equal(me.statusCode, 401, token);
      assert.equal(me.headers['www-authenticate'], 'Bearer realm="guildgate", error="invalid_token", Bot realm="guildgate"');
      assert.deepEqual(me.data, { code: 'UNAUTHORIZED', message: 'Invalid or expired token' });
    }
  });

  test('PATCH /users/@me stays session-only', async () => {
    const tokens = await issueTokens(t.app, user.token, client, 'identify');
    const response = await call(t.app, { method: 'PATCH', url: '/api/v1/users/@me', headers: bearer(tokens.access_token), payload: { global_name: 'x' } });
    assert.equal(response.statusCode, 401);
  });

  test('/oauth2/@me: application, scopes, expiry and the user with identify', async () => {
    const tokens = await issueTokens(t.app, user.token, client, 'identify');
    const me = await get(t, '/api/v1/oauth2/@me', tokens.access_token);
    assert.equal(me.statusCode, 200);
    assert.deepEqual(me.data, {
      application: { id: client.clientId, name: 'Reader', icon: null, description: 'Reads things', bot_public: true, bot_require_code_grant: false, flags: 0 },
      scopes: ['identify'],
      expires: new Date(t.clock.now() + 3_600_000).toISOString(),
      user: {
        id: user.id,
        username: user.username,
        discriminator: '0',
        global_name: null,
        avatar: null,
        avatar_color: DEFAULT_AVATAR_COLORS[Number((BigInt(user.id) >> 22n) % 6n)],
        bot: false,
        system: false,
        flags: 0,
      },
    });
    const noIdentify = await issueTokens(t.app, user.token, client, 'guilds');
    assert.equal((await get(t, '/api/v1/oauth2/@me', noIdentify.access_token)).data.user, undefined);
  });

  test('/oauth2/@me refuses session tokens', async () => {
    assert.equal((await get(t, '/api/v1/oauth2/@me', user.token)).statusCode, 401);
  });

  test('/oauth2/userinfo: email only with the email scope', async () => {
    const plain = await issueTokens(t.app, user.token, client, 'identify');
    const info = await get(t, '/api/v1/oauth2/userinfo', plain.access_token);
    assert.deepEqual(info.data, { sub: user.id, id: user.id, username: user.username, discriminator: '0', global_name: null, avatar: null, flags: 0 });
    const withEmail = await issueTokens(t.app, user.token, client, 'openid email');
    const info2 = await get(t, '/api/v1/oauth2/userinfo', withEmail.access_token);
    assert.equal(info2.data.email, `m_${dialect}@example.com`);
    assert.equal(info2.data.verified, false);
    const none = await issueTokens(t.app, user.token, client, 'guilds');
    assert.equal((await get(t, '/api/v1/oauth2/userinfo', none.access_token)).statusCode, 403);
  });

  test('the authorizations list shows each authorized application with its scopes', async () => {
    const viewer = await registerUser(t.app);
    await issueTokens(t.app, viewer.token, client, 'identify');
    await issueTokens(t.app, viewer.token, client, 'email');
    const list = await get(t, '/api/v1/oauth2/@me/authorizations', viewer.token);
    assert.equal(list.statusCode, 200);
    assert.deepEqual(list.data, [
      {
        application: { id: client.clientId, name: 'Reader', icon: null, description: 'Reads things', bot_public: true },
        scopes: ['identify', 'email'],
        authorized_at: new Date(t.clock.now()).toISOString(),
      },
    ]);
  });

  test('deleting an authorization revokes every token and code of that grant at once', async () => {
    const victim = await registerUser(t.app);
    const first = await issueTokens(t.app, victim.token, client, 'identify');
    const second = await issueTokens(t.app, victim.token, client, 'identify');
    const pending = await authorizeCode(t.app, victim.token, client);
    const response = await call(t.app, { method: 'DELETE', url: `/api/v1/oauth2/@me/authorizations/${client.clientId}`, headers: bearer(victim.token) });
    assert.equal(response.statusCode, 204);
    assert.equal(await accessWorks(t.app, first.access_token), false);
    assert.equal(await accessWorks(t.app, second.access_token), false);
    assert.equal((await refresh(t.app, client, second.refresh_token)).data.error, 'invalid_grant');
    assert.equal((await exchangeCode(t.app, client, pending.code, pending.verifier)).data.error, 'invalid_grant');
    assert.deepEqual((await get(t, '/api/v1/oauth2/@me/authorizations', victim.token)).data, []);
    const again = await call(t.app, { method: 'DELETE', url: `/api/v1/oauth2/@me/authorizations/${client.clientId}`, headers: bearer(victim.token) });
    assert.equal(again.statusCode, 404);
    assert.deepEqual(again.data, { code: 'UNKNOWN_AUTHORIZATION', message: 'Unknown authorization' });
  });

  test('deleting the application revokes everything issued to it', async () => {
    const doomed = await createTestClient(t.db.store, { ownerId: user.id });
    const tokens = await issueTokens(t.app, user.token, doomed, 'identify');
    assert.equal(await t.db.store.applications.delete(doomed.clientId), true);
    assert.equal(await accessWorks(t.app, tokens.access_token), false);
  });
});

// Credentials die with their reason: a password change and a ban end every other session and the user's OAuth2
// tokens (grants too, unless kept); bans by admins (API and CLI); refresh token families have an absolute lifetime.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { bearer, call, createTestApp, registerUser, unchanged, type RegisteredUser, type TestApp } from '../helpers/app.js';
import { createTestClient, type TestClient } from '../helpers/applications.js';
import { guildgate } from '../helpers/cli.js';
import { accessWorks, introspectToken, issueTokens, refresh } from '../helpers/oauth.js';
import { newUser } from '../helpers/records.js';
import { forEachDialect } from '../helpers/stores.js';
import { SessionsService } from '../../src/sessions/sessions-service.js';

const BANNED = { code: 'USER_BANNED', message: 'This account is banned' };

forEachDialect('credentials that outlive their reason', (dialect) => {
  let t: TestApp;
  let client: TestClient;
  let admin: { id: string; token: string };

  before(async () => {
    t = await createTestApp({ dialect, env: { GUILDGATE_RATE_LIMIT: 'off' } });
    const owner = await registerUser(t.app);
    client = await createTestClient(t.db.store, { ownerId: owner.id });
    // No API makes an admin (the command line's user create --admin does): the store, and a login session for them.
    const adminUser = await t.db.store.users.create(newUser({ admin: true }));
    admin = {
      id: adminUser.id,
      token: (await new SessionsService(t.db.store, t.clock, t.config.lifetimes, t.config.apiTokenLimit).issue(adminUser.id, 'login')).token,
    };
  });
  after(() => t.close());

  /** A user with a second login session, an API token and OAuth2 tokens from the test client. */
  async function userWithCredentials() {
    const user = await registerUser(t.app);
    const second = await call(t.app, { method: 'POST', url: '/api/v1/auth/login', payload: { login: user.username, password: user.password } });
    const api = await call(t.app, {
      method: 'POST',
      url: '/api/v1/sessions',
      headers: bearer(user.token),
      payload: { name: 'script', type: 'api', expires_in: 0 },
    });
    const tokens = await issueTokens(t.app, user.token, client, 'identify');
    return { user, secondToken: second.data.token as string, apiToken: api.data.token as string, tokens };
  }

  const sessionWorks = async (token: string) => (await call(t.app, { method: 'GET', url: '/api/v1/sessions/@me', headers: bearer(token) })).statusCode === 200;
  const authorizations = async (token: string) => (await call(t.app, { method: 'GET', url: '/api/v1/oauth2/@me/authorizations', headers: bearer(token) })).data;
  const changePassword = (user: RegisteredUser, extra: object = {}) =>
    call(t.app, {
      method: 'PATCH',
      url: '/api/v1/users/@me',
      headers: bearer(user.token),
      payload: { password: user.password, new_password: 'a brand new password', ...extra },
    });

  /** Every OAuth2 credential of `tokens` is dead: introspection inactive, refresh refused, bearer 401. */
  async function assertTokensDead(tokens: { access_token: string; refresh_token: string }) {
    assert.deepEqual((await introspectToken(t.app, client, tokens.access_token)).data, { active: false });
    assert.deepEqual((await introspectToken(t.app, client, tokens.refresh_token)).data, { active: false });
    const refreshed = await refresh(t.app, client, tokens.refresh_token);
    assert.equal(refreshed.statusCode, 400);
    assert.equal(refreshed.data.error, 'invalid_grant');
    const me = await call(t.app, { method: 'GET', url: '/api/v1/oauth2/@me', headers: bearer(tokens.access_token) });
    assert.equal(me.statusCode, 401);
  }

  test('a password change ends every other session, the OAuth2 tokens and the authorizations', async () => {
    const { user, secondToken, apiToken, tokens } = await userWithCredentials();
    assert.equal((await authorizations(user.token)).length, 1);
    const changed = await changePassword(user);
    assert.equal(changed.statusCode, 200, changed.body);
    assert.equal(await sessionWorks(user.token), true);
    assert.equal(await sessionWorks(secondToken), false);
    assert.equal(await sessionWorks(apiToken), false);
    await assertTokensDead(tokens);
    assert.deepEqual(await authorizations(user.token), []);
  });

  test('keep_authorizations keeps the authorized applications listed; their tokens end all the same', async () => {
    const { user, tokens } = await userWithCredentials();
    const changed = await changePassword(user, { keep_authorizations: true });
    assert.equal(changed.statusCode, 200, changed.body);
    await assertTokensDead(tokens);
    const listed = await authorizations(user.token);
    assert.deepEqual(
      listed.map((item: { application: { id: string } }) => item.application.id),
      [client.clientId],
    );
  });

  test('keep_authorizations without new_password is a 400 and changes nothing', async () => {
    const { user } = await userWithCredentials();
    const refused = await unchanged(t.db, () =>
      call(t.app, { method: 'PATCH', url: '/api/v1/users/@me', headers: bearer(user.token), payload: { keep_authorizations: true } }),
    );
    assert.equal(refused.statusCode, 400);
    assert.deepEqual(refused.data, {
      code: 'INVALID_FORM_BODY',
      message: 'Invalid keep_authorizations: goes only with new_password',
      errors: [{ field: 'keep_authorizations', message: 'goes only with new_password' }],
    });
  });

  test('only admins ban: 403 ADMIN_REQUIRED for anyone else, and nothing changes', async () => {
    const { user } = await userWithCredentials();
    const stranger = await registerUser(t.app);
    for (const method of ['PUT', 'DELETE'] as const) {
      const refused = await unchanged(t.db, () => call(t.app, { method, url: `/api/v1/admin/users/${user.id}/ban`, headers: bearer(stranger.token) }));
      assert.equal(refused.statusCode, 403);
      assert.deepEqual(refused.data, { code: 'ADMIN_REQUIRED', message: 'Only admins can do this' });
    }
    const anonymous = await call(t.app, { method: 'PUT', url: `/api/v1/admin/users/${user.id}/ban` });
    assert.equal(anonymous.statusCode, 401);
  });

  test('an admin ban ends every credential; the banned user cannot log in; unban lets them back', async () => {
    const { user, secondToken, apiToken, tokens } = await userWithCredentials();
    const banned = await call(t.app, { method: 'PUT', url: `/api/v1/admin/users/${user.id}/ban`, headers: bearer(admin.token) });
    assert.equal(banned.statusCode, 200, banned.body);
    assert.deepEqual(banned.data, { id: user.id, username: user.username, state: 'banned', banned_at: new Date(t.clock.now()).toISOString() });
    for (const token of [user.token, secondToken, apiToken]) {
      assert.equal((await call(t.app, { method: 'GET', url: '/api/v1/sessions/@me', headers: bearer(token) })).statusCode, 401);
    }
    await assertTokensDead(tokens);
    assert.deepEqual(await t.db.store.authorizations.listByUser(user.id), []);
    const login = await call(t.app, { method: 'POST', url: '/api/v1/auth/login', payload: { login: user.username, password: user.password } });
    assert.equal(login.statusCode, 403);
    assert.deepEqual(login.data, BANNED);

    const unbanned = await call(t.app, { method: 'DELETE', url: `/api/v1/admin/users/${user.id}/ban`, headers: bearer(admin.token) });
    assert.equal(unbanned.statusCode, 200);
    assert.deepEqual(unbanned.data, { id: user.id, username: user.username, state: 'normal', banned_at: null });
    const again = await call(t.app, { method: 'POST', url: '/api/v1/auth/login', payload: { login: user.username, password: user.password } });
    assert.equal(again.statusCode, 200);
    // What the ban ended stays ended.
    await assertTokensDead(tokens);
  });

  test('ban refusals: an unknown user or a bot is 404, the admin themself 400; nothing changes', async () => {
    const cases: [string, number, object][] = [
      ['1234567890123', 404, { code: 'UNKNOWN_USER', message: 'Unknown user' }],
      [(await t.db.store.applications.findById(client.clientId))!.botUserId, 404, { code: 'UNKNOWN_USER', message: 'Unknown user' }],
      [admin.id, 400, { code: 'INVALID_REQUEST', message: 'Admins cannot ban their own account' }],
    ];
    for (const [id, status, body] of cases) {
      const refused = await unchanged(t.db, () => call(t.app, { method: 'PUT', url: `/api/v1/admin/users/${id}/ban`, headers: bearer(admin.token) }));
      assert.equal(refused.statusCode, status, id);
      assert.deepEqual(refused.data, body);
    }
  });

  test("a banned user's tokens are refused even where the ban did not revoke them", async () => {
    const { user, tokens } = await userWithCredentials();
    // The state alone, as an older ban left it: introspection, refresh and bearer use all check it.
    await t.db.store.users.update(user.id, { state: 'banned' });
    await assertTokensDead(tokens);
    await t.db.store.users.update(user.id, { state: 'normal' });
    assert.equal(await accessWorks(t.app, tokens.access_token), true);
  });

  if (dialect === 'sqlite') {
    test('guildgate user ban and unban', async () => {
      const { user, tokens } = await userWithCredentials();
      const env = { GUILDGATE_DATABASE_URL: `sqlite:${t.db.file}` };
      const banned = await guildgate(['user', 'ban', user.username], env);
      assert.deepEqual(banned, { code: 0, stdout: `banned ${user.username} (id ${user.id})\n`, stderr: '' });
      await assertTokensDead(tokens);
      const login = await call(t.app, { method: 'POST', url: '/api/v1/auth/login', payload: { login: user.username, password: user.password } });
      assert.deepEqual([login.statusCode, login.data], [403, BANNED]);

      const unbanned = await guildgate(['user', 'unban', user.username], env);
      assert.deepEqual(unbanned, { code: 0, stdout: `unbanned ${user.username} (id ${user.id})\n`, stderr: '' });
      const again = await call(t.app, { method: 'POST', url: '/api/v1/auth/login', payload: { login: user.username, password: user.password } });
      assert.equal(again.statusCode, 200);

      const unknown = await guildgate(['user', 'ban', 'nobody_here'], env);
      assert.deepEqual(unknown, { code: 1, stdout: '', stderr: 'guildgate user ban: Unknown user\n' });
      const missing = await guildgate(['user', 'ban'], env);
      assert.equal(missing.code, 2);
      assert.match(missing.stderr, /^guildgate user ban: expects <username>\n\nusage: guildgate user ban <username>/);
    });
  }
});

forEachDialect('refresh token absolute lifetime', (dialect) => {
  let t: TestApp;
  let client: TestClient;
  let user: RegisteredUser;

  before(async () => {
    t = await createTestApp({
      dialect,
      env: {
        GUILDGATE_RATE_LIMIT: 'off',
        GUILDGATE_REFRESH_TOKEN_TTL: '2400',
        GUILDGATE_REFRESH_TOKEN_MAX_LIFETIME: '3600',
        GUILDGATE_LOGIN_SESSION_TTL: '86400',
      },
    });
    user = await registerUser(t.app);
    client = await createTestClient(t.db.store, { ownerId: user.id });
  });
  after(() => t.close());

  test('rotation carries the family start over: the last refresh token ends with the family, then invalid_grant', async () => {
    const start = t.clock.now();
    const first = await issueTokens(t.app, user.token, client);
    t.clock.advance(2000);
    const second = await refresh(t.app, client, first.refresh_token);
    assert.equal(second.statusCode, 200, second.body);
    // Sliding would give start + 2000 + 2400 seconds; the family ends at start + 3600.
    assert.equal((await introspectToken(t.app, client, second.data.refresh_token)).data.exp, Math.floor(start / 1000) + 3600);
    t.clock.advance(1000);
    const third = await refresh(t.app, client, second.data.refresh_token);
    assert.equal(third.statusCode, 200, third.body);
    assert.equal((await introspectToken(t.app, client, third.data.refresh_token)).data.exp, Math.floor(start / 1000) + 3600);
    t.clock.advance(700);
    const ended = await refresh(t.app, client, third.data.refresh_token);
    assert.equal(ended.statusCode, 400);
    assert.equal(ended.data.error, 'invalid_grant');
  });
});

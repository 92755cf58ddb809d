// POST /auth/oauth2 against a second guildgate as the upstream: login and app_login sessions, linking, profile refresh, bans, bad input.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { bearer, call, createTestApp, registerUser, unchanged, type TestApp } from '../helpers/app.js';
import { pkce } from '../helpers/oauth.js';
import { forEachDialect } from '../helpers/stores.js';
import { suiteFixture } from '../helpers/suite-fixture.js';
import { APP_LOGIN_REDIRECT, APP_REDIRECT, startUpstreamGuildgate, type UpstreamGuildgate } from '../helpers/upstream.js';
import { newUserJsonWithEmail } from '../helpers/user-json.js';

const HOUR = 3600;
const DAY = 86_400;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

forEachDialect('upstream API login', (dialect) => {
  const up = suiteFixture(() => startUpstreamGuildgate(dialect));
  const t = suiteFixture(() => createTestApp({ dialect, env: up.env('GG') }));

  const login = (payload: Record<string, unknown>) => call(t.app, { method: 'POST', url: '/api/v1/auth/oauth2', payload });
  const sessionOf = (token: string) => call(t.app, { method: 'GET', url: '/api/v1/sessions/@me', headers: bearer(token) });
  const iso = (secondsFromNow: number) => new Date(t.clock.now() + secondsFromNow * 1000).toISOString();
  const userCount = async () => (await t.db.snapshot()).users!.length;

  test('without code_verifier: a new local user under the upstream id, linked, with a 1 hour login session', async () => {
    const alice = await registerUser(up.t.app);
    const response = await login({ code: await up.code(alice), redirect_uri: APP_REDIRECT });
    assert.equal(response.statusCode, 200, response.body);
    const { token, session_id } = response.data;
    assert.match(token, /^ggs_[A-Za-z0-9_-]{43}$/);
    assert.match(session_id, UUID);
    assert.deepEqual(response.data, { token, session_id, user_id: alice.id, expires_at: iso(HOUR), user: newUserJsonWithEmail(alice) });

    const session = await sessionOf(token);
    assert.deepEqual(session.data, { user_id: alice.id, session_id, state: 'normal', type: 'login' });
    assert.deepEqual(await t.db.store.identities.find('gg', alice.id), {
      provider: 'gg',
      upstreamUserId: alice.id,
      userId: alice.id,
      createdAt: t.clock.now(),
      name: alice.username,
    });
    const local = await t.db.store.users.findById(alice.id);
    assert.equal(local?.passwordHash, null);

    t.clock.advance(HOUR);
    assert.equal((await sessionOf(token)).statusCode, 401);
  });

  test('through an app-login redirect URI: an app_login session of 14 days; the second login finds the same user', async () => {
    const bob = await registerUser(up.t.app);
    const { verifier, challenge } = pkce();
    const first = await login({
      code: await up.code(bob, { challenge, redirectUri: APP_LOGIN_REDIRECT }),
      redirect_uri: APP_LOGIN_REDIRECT,
      code_verifier: verifier,
    });
    assert.equal(first.statusCode, 200, first.body);
    assert.equal(first.data.user_id, bob.id);
    assert.equal(first.data.expires_at, iso(14 * DAY));
    assert.equal((await sessionOf(first.data.token)).data.type, 'app_login');

    const users = await userCount();
    const second = await login({ provider: 'gg', code: await up.code(bob), redirect_uri: APP_REDIRECT });
    assert.equal(second.statusCode, 200, second.body);
    assert.equal(second.data.user_id, bob.id);
    assert.notEqual(second.data.session_id, first.data.session_id);
    assert.equal((await sessionOf(second.data.token)).data.type, 'login');
    assert.equal(await userCount(), users);

    t.clock.advance(HOUR);
    assert.equal((await sessionOf(second.data.token)).statusCode, 401);
    assert.equal((await sessionOf(first.data.token)).statusCode, 200);
    t.clock.advance(14 * DAY - HOUR);
    assert.equal((await sessionOf(first.data.token)).statusCode, 401);
  });

  test('a code_verifier alone does not make an app login: the server decides by redirect URI', async () => {
    const dana = await registerUser(up.t.app);
    const { verifier, challenge } = pkce();
    const response = await login({ code: await up.code(dana, { challenge }), redirect_uri: APP_REDIRECT, code_verifier: verifier });
    assert.equal(response.statusCode, 200, response.body);
    assert.equal(response.data.expires_at, iso(HOUR));
    assert.equal((await sessionOf(response.data.token)).data.type, 'login');
  });

  test('a later login refreshes the display name, avatar and email; the username stays', async () => {
    const carol = await registerUser(up.t.app);
    assert.equal((await login({ code: await up.code(carol), redirect_uri: APP_REDIRECT })).statusCode, 200);

    const patched = await call(up.t.app, {
      method: 'PATCH',
      url: '/api/v1/users/@me',
      headers: bearer(carol.token),
      payload: { global_name: 'Carol C', email: 'carol@example.com' },
    });
    assert.equal(patched.statusCode, 200, patched.body);
    await up.t.db.store.users.update(carol.id, { avatar: 'a_0123456789abcdef0123456789abcdef', verified: true });
    const refreshed = await login({ code: await up.code(carol, { scope: 'identify email' }), redirect_uri: APP_REDIRECT });
    assert.equal(refreshed.statusCode, 200, refreshed.body);
    assert.deepEqual(refreshed.data.user, {
      ...newUserJsonWithEmail(carol),
      global_name: 'Carol C',
      avatar: 'a_0123456789abcdef0123456789abcdef',
      email: 'carol@example.com',
      verified: true,
    });
  });

  test('an upstream email another local account holds is not taken over: the account is created without it', async () => {
    const local = await registerUser(t.app);
    await call(t.app, { method: 'PATCH', url: '/api/v1/users/@me', headers: bearer(local.token), payload: { email: 'shared@example.com' } });
    const dave = await registerUser(up.t.app);
    await call(up.t.app, { method: 'PATCH', url: '/api/v1/users/@me', headers: bearer(dave.token), payload: { email: 'Shared@Example.com' } });
    const response = await login({ code: await up.code(dave, { scope: 'identify email' }), redirect_uri: APP_REDIRECT });
    assert.equal(response.statusCode, 200, response.body);
    assert.equal(response.data.user_id, dave.id);
    assert.equal(response.data.user.email, null);
    assert.equal((await t.db.store.users.findById(local.id))?.email, 'shared@example.com');
  });

  test('an upstream username taken here gets a numbered suffix, an upstream id taken here a fresh id', async () => {
    const erin = await registerUser(up.t.app);
    await registerUser(t.app, erin.username);
    const holder = (await t.db.store.users.findById((await registerUser(t.app)).id))!;
    await t.db.store.users.create({ ...holder, id: erin.id, username: `${erin.username}x` });
    const response = await login({ code: await up.code(erin), redirect_uri: APP_REDIRECT });
    assert.equal(response.statusCode, 200, response.body);
    assert.notEqual(response.data.user_id, erin.id);
    assert.match(response.data.user_id, /^[1-9][0-9]{0,19}$/);
    assert.match(response.data.user.username, new RegExp(`^${erin.username}_[0-9]{4}$`));
    assert.equal((await t.db.store.identities.find('gg', erin.id))?.userId, response.data.user_id);
  });

  test('two first logins at once make one user and one link', async () => {
    const kim = await registerUser(up.t.app);
    const owner = await registerUser(up.t.app);
    const guild = await up.guild(owner, 'Shared', [[kim, '2048']]);
    const codes = [await up.code(kim), await up.code(kim)];
    const responses = await Promise.all(codes.map((code) => login({ code, redirect_uri: APP_REDIRECT })));
    assert.deepEqual(
      responses.map((response) => [response.statusCode, response.data.user_id]),
      [
        [200, kim.id],
        [200, kim.id],
      ],
    );
    const named = ((await t.db.snapshot()).users as { username: string }[]).filter((user) => user.username.startsWith(kim.username));
    assert.deepEqual(
      named.map((user) => user.username),
      [kim.username],
    );
    assert.equal((await t.db.store.guilds.findMember(guild, kim.id))?.permissions, 2048n);
  });

  test('a banned local user gets 403 USER_BANNED and nothing changes', async () => {
    const frank = await registerUser(up.t.app);
    assert.equal((await login({ code: await up.code(frank), redirect_uri: APP_REDIRECT })).statusCode, 200);
    await t.db.store.users.update(frank.id, { state: 'banned' });
    await call(up.t.app, { method: 'PATCH', url: '/api/v1/users/@me', headers: bearer(frank.token), payload: { global_name: 'Renamed' } });
    const code = await up.code(frank);
    const response = await unchanged(t.db, () => login({ code, redirect_uri: APP_REDIRECT }));
    assert.equal(response.statusCode, 403);
    assert.deepEqual(response.data, { code: 'USER_BANNED', message: 'This account is banned' });
  });

  test('a redirect_uri outside the allow-list is refused before the code is sent upstream', async () => {
    const gina = await registerUser(up.t.app);
    const code = await up.code(gina);
    const response = await unchanged(t.db, () => login({ code, redirect_uri: 'https://evil.example/callback' }));
    assert.equal(response.statusCode, 400);
    const message = 'is not an allowed redirect URI of the gg provider';
    assert.deepEqual(response.data, { code: 'INVALID_FORM_BODY', message: `Invalid redirect_uri: ${message}`, errors: [{ field: 'redirect_uri', message }] });
    // Codes are single use upstream: this one still works, so it was never redeemed.
    assert.equal((await login({ code, redirect_uri: APP_REDIRECT })).statusCode, 200);
  });

  test('a code the upstream refuses (wrong verifier, replay) is 400 UPSTREAM_REJECTED with its error, and nothing changes', async () => {
    const hank = await registerUser(up.t.app);
    const { challenge } = pkce();
    const code = await up.code(hank, { challenge });
    const wrongVerifier = await unchanged(t.db, () => login({ code, redirect_uri: APP_REDIRECT, code_verifier: pkce().verifier }));
    assert.equal(wrongVerifier.statusCode, 400);
    assert.deepEqual(wrongVerifier.data, {
      code: 'UPSTREAM_REJECTED',
      message: 'Gg rejected the code: invalid_grant: code_verifier does not match the code_challenge',
    });

    const plain = await up.code(hank);
    assert.equal((await login({ code: plain, redirect_uri: APP_REDIRECT })).statusCode, 200);
    const replay = await unchanged(t.db, () => login({ code: plain, redirect_uri: APP_REDIRECT }));
    assert.equal(replay.statusCode, 400);
    assert.equal(replay.data.code, 'UPSTREAM_REJECTED');
    assert.match(replay.data.message, /^Gg rejected the code: invalid_grant: /);
  });

  test('bad input is refused with a 400 naming the field, and nothing changes', async () => {
    const cases: [Record<string, unknown>, string, string][] = [
      [{ redirect_uri: APP_REDIRECT }, 'code', 'is required'],
      [{ code: 'abc' }, 'redirect_uri', 'is required'],
      [{ code: 'a b', redirect_uri: APP_REDIRECT }, 'code', 'must match pattern "^[\\x21-\\x7e]+$"'],
      [{ code: 'abc', redirect_uri: APP_REDIRECT, code_verifier: 'short' }, 'code_verifier', 'must match pattern "^[A-Za-z0-9\\-._~]{43,128}$"'],
      [{ code: 'abc', redirect_uri: APP_REDIRECT, scope: 'identify' }, 'scope', 'is not allowed'],
      [{ code: 'abc', redirect_uri: APP_REDIRECT, provider: 'gg/../x' }, 'provider', 'must match pattern "^[A-Za-z][A-Za-z0-9]{0,63}$"'],
      [{ code: 'abc', redirect_uri: APP_REDIRECT, provider: 'discord' }, 'provider', 'is not a configured provider (gg)'],
    ];
    for (const [payload, field, message] of cases) {
      const response = await unchanged(t.db, () => login(payload));
      assert.equal(response.statusCode, 400, JSON.stringify(payload));
      assert.deepEqual(response.data.errors, [{ field, message }], JSON.stringify(payload));
      assert.equal(response.data.code, 'INVALID_FORM_BODY');
    }
  });
});

forEachDialect('upstream API login with several providers', (dialect) => {
  let up: UpstreamGuildgate;
  let t: TestApp;
  let none: TestApp;
  before(async () => {
    up = await startUpstreamGuildgate(dialect);
    // Two names for one upstream: GG posts its client secret, ALT sends it with HTTP Basic.
    t = await createTestApp({ dialect, env: { ...up.env('GG'), ...up.env('ALT', { TOKEN_AUTH_METHOD: 'client_secret_basic' }) } });
    none = await createTestApp({ dialect });
  });
  after(async () => {
    await t.close();
    await none.close();
    await up.close();
  });

  const login = (app: TestApp, payload: Record<string, unknown>) => call(app.app, { method: 'POST', url: '/api/v1/auth/oauth2', payload });

  test('the provider must be named when several are configured, and must be configured at all', async () => {
    const ida = await registerUser(up.t.app);
    const code = await up.code(ida);
    const unnamed = await unchanged(t.db, () => login(t, { code, redirect_uri: APP_REDIRECT }));
    assert.equal(unnamed.statusCode, 400);
    assert.deepEqual(unnamed.data.errors, [{ field: 'provider', message: 'is required: several are configured (alt, gg)' }]);
    const unconfigured = await unchanged(none.db, () => login(none, { code, redirect_uri: APP_REDIRECT }));
    assert.equal(unconfigured.statusCode, 400);
    assert.deepEqual(unconfigured.data, {
      code: 'INVALID_FORM_BODY',
      message: 'Invalid provider: no upstream provider is configured',
      errors: [{ field: 'provider', message: 'no upstream provider is configured' }],
    });
  });

  test('each provider links its own account: the same upstream user through two providers is two local users', async () => {
    const jo = await registerUser(up.t.app);
    const viaGg = await login(t, { provider: 'GG', code: await up.code(jo), redirect_uri: APP_REDIRECT });
    assert.equal(viaGg.statusCode, 200, viaGg.body);
    assert.equal(viaGg.data.user_id, jo.id);
    const viaAlt = await login(t, { provider: 'alt', code: await up.code(jo), redirect_uri: APP_REDIRECT });
    assert.equal(viaAlt.statusCode, 200, viaAlt.body);
    assert.notEqual(viaAlt.data.user_id, jo.id);
    assert.match(viaAlt.data.user.username, new RegExp(`^${jo.username}_[0-9]{4}$`));
    const again = await login(t, { provider: 'alt', code: await up.code(jo), redirect_uri: APP_REDIRECT });
    assert.equal(again.data.user_id, viaAlt.data.user_id);
  });
});

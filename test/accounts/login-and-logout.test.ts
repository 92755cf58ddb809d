// Login checks credentials, throttles repeated failures per login and address, and logout ends the session.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { bearer, call, createTestApp, registerUser, unchanged, type TestApp } from '../helpers/app.js';
import { forEachDialect } from '../helpers/stores.js';

const login = (t: TestApp, body: unknown, ip = '127.0.0.1') =>
  call(t.app, { method: 'POST', url: '/api/v1/auth/login', payload: body as object, remoteAddress: ip });

forEachDialect('login and logout', (dialect) => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp({ dialect, env: { GUILDGATE_LOGIN_MAX_FAILURES: '3', GUILDGATE_LOGIN_THROTTLE_WINDOW: '60' } });
  });
  after(() => t.close());

  test('login by email answers the session grant shape', async () => {
    const reg = await call(t.app, {
      method: 'POST',
      url: '/api/v1/auth/register',
      payload: { username: 'mailer', password: 'long enough pw', email: 'Mailer@Example.com' },
    });
    const response = await login(t, { login: 'mailer@example.com', password: 'long enough pw' });
    assert.equal(response.statusCode, 200);
    assert.deepEqual(Object.keys(response.data).sort(), ['expires_at', 'session_id', 'token', 'user', 'user_id']);
    assert.equal(response.data.user_id, reg.data.user_id);
    assert.equal(response.data.user.email, 'Mailer@Example.com');
    assert.equal(response.data.expires_at, new Date(t.clock.now() + 3600_000).toISOString());
    assert.match(response.data.session_id, /^[0-9a-f-]{36}$/);
  });

  test('a wrong password gets 401 and creates no session', async () => {
    const user = await registerUser(t.app);
    const response = await unchanged(t.db, () => login(t, { login: user.username, password: 'wrong password' }, '10.0.0.9'));
    assert.equal(response.statusCode, 401);
    assert.deepEqual(response.data, { code: 'UNAUTHORIZED', message: 'Invalid login or password' });
  });

  test('an unknown login gets the same 401 as a wrong password', async () => {
    const response = await unchanged(t.db, () => login(t, { login: 'nobody_here', password: 'whatever pw' }));
    assert.equal(response.statusCode, 401);
    assert.deepEqual(response.data, { code: 'UNAUTHORIZED', message: 'Invalid login or password' });
  });

  test('a login body with wrong fields is refused', async () => {
    const response = await unchanged(t.db, () => login(t, { username: 'x', password: 'y' }));
    assert.equal(response.statusCode, 400);
    // Validation stops at the first failure.
    assert.deepEqual(response.data.errors, [{ field: 'login', message: 'is required' }]);
  });

  test('repeated failures are throttled per login and address, and a success resets the count', async () => {
    const user = await registerUser(t.app);
    for (let i = 0; i < 3; i++) assert.equal((await login(t, { login: user.username, password: 'bad password' }, '10.1.1.1')).statusCode, 401);
    const throttled = await login(t, { login: user.username, password: user.password }, '10.1.1.1');
    assert.equal(throttled.statusCode, 429);
    assert.equal(throttled.headers['retry-after'], '60');
    assert.deepEqual(throttled.data, { code: 'RATE_LIMITED', message: 'Too many failed logins; try again later' });
    // Another address is not affected.
    assert.equal((await login(t, { login: user.username, password: user.password }, '10.1.1.2')).statusCode, 200);
    // The window ends.
    t.clock.advance(61);
    assert.equal((await login(t, { login: user.username, password: 'bad password' }, '10.1.1.1')).statusCode, 401);
    assert.equal((await login(t, { login: user.username, password: 'bad password' }, '10.1.1.1')).statusCode, 401);
    assert.equal((await login(t, { login: user.username, password: user.password }, '10.1.1.1')).statusCode, 200);
    // The success reset the count: three more failures are needed to be throttled again.
    for (let i = 0; i < 2; i++) assert.equal((await login(t, { login: user.username, password: 'bad password' }, '10.1.1.1')).statusCode, 401);
    assert.equal((await login(t, { login: user.username, password: user.password }, '10.1.1.1')).statusCode, 200);
  });

  test('a banned user cannot log in and its tokens answer 403', async () => {
    const user = await registerUser(t.app);
    await t.db.store.users.update(user.id, { state: 'banned' });
    const response = await login(t, { login: user.username, password: user.password });
    assert.equal(response.statusCode, 403);
    assert.deepEqual(response.data, { code: 'USER_BANNED', message: 'This account is banned' });
    const me = await call(t.app, { method: 'GET', url: '/api/v1/sessions/@me', headers: bearer(user.token) });
    assert.equal(me.statusCode, 403);
    assert.deepEqual(me.data, { code: 'USER_BANNED', message: 'This account is banned' });
  });

  test('logout ends only the calling session', async () => {
    const user = await registerUser(t.app);
    const second = await login(t, { login: user.username, password: user.password });
    const out = await call(t.app, { method: 'POST', url: '/api/v1/auth/logout', headers: bearer(user.token) });
    assert.equal(out.statusCode, 204);
    assert.equal(out.body, '');
    const dead = await call(t.app, { method: 'GET', url: '/api/v1/sessions/@me', headers: bearer(user.token) });
    assert.equal(dead.statusCode, 401);
    assert.equal(dead.headers['www-authenticate'], 'Bearer realm="guildgate", error="invalid_token"');
    assert.equal((await call(t.app, { method: 'GET', url: '/api/v1/users/@me', headers: bearer(second.data.token) })).statusCode, 200);
  });

  test('logout without a token is 401 and changes nothing', async () => {
    const response = await unchanged(t.db, () => call(t.app, { method: 'POST', url: '/api/v1/auth/logout' }));
    assert.equal(response.statusCode, 401);
    assert.equal(response.headers['www-authenticate'], 'Bearer realm="guildgate"');
    assert.deepEqual(response.data, { code: 'UNAUTHORIZED', message: 'Missing Authorization header' });
  });
});

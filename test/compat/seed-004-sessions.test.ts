// Seed 004 walked at the root paths with the document's fields: POST /oauth2 exchanges an upstream (Discord-style)
// code for a login session, POST /sessions makes an API token with it, GET /sessions/@me describes each.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { bearer, call, createTestApp, registerUser, type TestApp } from '../helpers/app.js';
import { APP_REDIRECT, startUpstreamGuildgate, type UpstreamGuildgate } from '../helpers/upstream.js';

describe('seed 004 (sessions) flow', () => {
  let up: UpstreamGuildgate;
  let t: TestApp;
  before(async () => {
    up = await startUpstreamGuildgate('sqlite');
    t = await createTestApp({ env: { ...up.env('GG'), GUILDGATE_RATE_LIMIT: 'off' } });
  });
  after(async () => {
    await t.close();
    await up.close();
  });

  test('POST /oauth2, POST /sessions and GET /sessions/@me', async () => {
    const upstreamUser = await registerUser(up.t.app);
    const login = await call(t.app, { method: 'POST', url: '/oauth2', payload: { code: await up.code(upstreamUser), redirect_uri: APP_REDIRECT } });
    assert.equal(login.statusCode, 200, login.body);
    assert.equal(login.headers['content-type'], 'application/json');
    const { token, session_id, user_id, expires_at, user } = login.data;
    assert.equal(user_id, upstreamUser.id);
    assert.match(session_id, /^[0-9a-f-]{36}$/);
    assert.equal(expires_at, new Date(t.clock.now() + 3_600_000).toISOString());
    assert.equal(user.id, upstreamUser.id);

    const current = await call(t.app, { method: 'GET', url: '/sessions/@me', headers: bearer(token) });
    assert.deepEqual(current.data, { user_id, session_id, state: 'normal', type: 'login' });

    const created = await call(t.app, { method: 'POST', url: '/sessions', headers: bearer(token), payload: { name: 'ci', type: 'api', expires_in: 600 } });
    assert.equal(created.statusCode, 201, created.body);
    const api = await call(t.app, { method: 'GET', url: '/sessions/@me', headers: bearer(created.data.token) });
    assert.deepEqual(api.data, { user_id, session_id: created.data.session_id, state: 'normal', type: 'api' });
  });

  test('the document’s errors: 401 without a token, 400 for a bad body', async () => {
    assert.equal((await call(t.app, { method: 'GET', url: '/sessions/@me' })).statusCode, 401);
    const bad = await call(t.app, { method: 'POST', url: '/oauth2', payload: { redirect_uri: APP_REDIRECT } });
    assert.equal(bad.statusCode, 400);
  });
});

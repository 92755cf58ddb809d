// Discord's URL layout: the API under /api and /api/v6…/api/v10 with Discord's error shape, the authorize page under
// /api, OAuth endpoints keeping RFC 6749 errors, and /api/v1 answering as before.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { bearer, call, createTestApp, registerUser, type RegisteredUser, type TestApp } from '../helpers/app.js';
import { postForm } from '../helpers/oauth.js';

describe('Discord URL layout and errors', () => {
  let t: TestApp;
  let user: RegisteredUser;
  let guildId: string;
  before(async () => {
    t = await createTestApp({ env: { GUILDGATE_RATE_LIMIT: 'off' } });
    user = await registerUser(t.app);
    guildId = (await call(t.app, { method: 'POST', url: '/api/v1/guilds', headers: bearer(user.token), payload: { name: 'Home' } })).data.id;
  });
  after(() => t.close());

  test('the same routes answer under /api, /api/v6 … /api/v10 and /api/v1', async () => {
    const expected = (await call(t.app, { method: 'GET', url: '/api/v1/users/@me', headers: bearer(user.token) })).data;
    for (const prefix of ['/api', '/api/v6', '/api/v7', '/api/v8', '/api/v9', '/api/v10']) {
      const response = await call(t.app, { method: 'GET', url: `${prefix}/users/@me`, headers: bearer(user.token) });
      assert.equal(response.statusCode, 200, prefix);
      assert.deepEqual(response.data, expected);
    }
  });

  test('general 401 and 404 are code 0 on Discord prefixes; /api/v1 keeps its codes', async () => {
    const unauthorized = await call(t.app, { method: 'GET', url: '/api/v10/users/@me' });
    assert.equal(unauthorized.statusCode, 401);
    assert.equal(unauthorized.headers['content-type'], 'application/json');
    assert.deepEqual(unauthorized.data, { code: 0, message: '401: Unauthorized' });
    const missing = await call(t.app, { method: 'GET', url: '/api/v9/no/such/route' });
    assert.equal(missing.statusCode, 404);
    assert.deepEqual(missing.data, { code: 0, message: '404: Not Found' });
    const own = await call(t.app, { method: 'GET', url: '/api/v1/users/@me' });
    assert.equal(own.statusCode, 401);
    assert.deepEqual(own.data, { code: 'UNAUTHORIZED', message: 'Missing Authorization header' });
    const ownMissing = await call(t.app, { method: 'GET', url: '/api/v1/no/such/route' });
    assert.deepEqual(ownMissing.data, { code: 'UNKNOWN_ROUTE', message: 'No route for GET /api/v1/no/such/route' });
  });

  test('Unknown Guild 10004, Unknown User 10013 and Missing Access 50001', async () => {
    const unknownGuild = await call(t.app, { method: 'GET', url: '/api/v10/guilds/1234567890123', headers: bearer(user.token) });
    assert.equal(unknownGuild.statusCode, 404);
    assert.deepEqual(unknownGuild.data, { code: 10004, message: 'Unknown Guild' });
    const unknownUser = await call(t.app, { method: 'PUT', url: `/api/v10/guilds/${guildId}/members/1234567890123`, headers: bearer(user.token), payload: {} });
    assert.equal(unknownUser.statusCode, 404);
    assert.deepEqual(unknownUser.data, { code: 10013, message: 'Unknown User' });
    const stranger = await registerUser(t.app);
    const noAccess = await call(t.app, { method: 'GET', url: `/api/v10/guilds/${guildId}`, headers: bearer(stranger.token) });
    assert.equal(noAccess.statusCode, 403);
    assert.deepEqual(noAccess.data, { code: 50001, message: 'Missing Access' });
  });

  test('Invalid Form Body is 50035 with errors nested by field; invalid JSON is 50109', async () => {
    const invalid = await call(t.app, { method: 'POST', url: '/api/v10/guilds', headers: bearer(user.token), payload: { name: 5 } });
    assert.equal(invalid.statusCode, 400);
    assert.deepEqual(invalid.data, {
      code: 50035,
      message: 'Invalid Form Body',
      errors: { name: { _errors: [{ code: 'BASE_TYPE_INVALID', message: 'must be string' }] } },
    });
    const missing = await call(t.app, { method: 'POST', url: '/api/guilds', headers: bearer(user.token), payload: {} });
    assert.deepEqual(missing.data, {
      code: 50035,
      message: 'Invalid Form Body',
      errors: { name: { _errors: [{ code: 'BASE_TYPE_REQUIRED', message: 'This field is required' }] } },
    });
    const badJson = await call(t.app, {
      method: 'POST',
      url: '/api/v10/guilds',
      headers: { ...bearer(user.token), 'content-type': 'application/json' },
      payload: '{"name":',
    });
    assert.equal(badJson.statusCode, 400);
    assert.deepEqual(badJson.data, { code: 50109, message: 'The request body contains invalid JSON.' });
    const list = await call(t.app, { method: 'GET', url: '/api/v1/users/@me/guilds', headers: bearer(user.token) });
    assert.equal(list.data.length, 1, 'no guild was created');
  });

  test('OAuth endpoints keep RFC 6749 errors on Discord prefixes', async () => {
    const response = await postForm(t.app, '/api/v10/oauth2/token', { grant_type: 'password' });
    assert.equal(response.statusCode, 400);
    assert.equal(response.data.error, 'unsupported_grant_type');
    assert.equal(typeof response.data.error_description, 'string');
  });

  test('the authorize page answers at /oauth2/authorize, /api/oauth2/authorize and /api/v10/oauth2/authorize', async () => {
    for (const path of ['/oauth2/authorize', '/api/oauth2/authorize', '/api/v10/oauth2/authorize']) {
      const refused = await call(t.app, { method: 'GET', url: `${path}?client_id=1234567890123&response_type=code&scope=identify` });
      assert.equal(refused.statusCode, 400, path);
      assert.equal(refused.headers['content-type'], 'text/html; charset=utf-8');
      assert.match(refused.body, /Invalid authorization request/);
    }
  });
});

// Registration rejects bad input with exact 4xx bodies and leaves the database unchanged.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { call, createTestApp, registerUser, type TestApp } from '../helpers/app.js';
import { forEachDialect } from '../helpers/stores.js';

forEachDialect('registration bad input', (dialect) => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp({ dialect });
    await registerUser(t.app, 'taken_name');
    await call(t.app, {
      method: 'POST',
      url: '/api/v1/auth/register',
      payload: { username: 'with_email', password: 'long enough pw', email: 'Taken@Example.com' },
    });
  });
  after(() => t.close());

  async function rejects(payload: unknown, status: number, body: unknown, headers: Record<string, string> = {}) {
    const before = await t.db.snapshot();
    const response = await call(t.app, {
      method: 'POST',
      url: '/api/v1/auth/register',
      headers: { 'content-type': 'application/json', ...headers },
      payload: typeof payload === 'string' ? payload : JSON.stringify(payload),
    });
    assert.equal(response.statusCode, status, response.body);
    assert.deepEqual(response.data, body);
    assert.match(String(response.headers['content-type']), /^application\/json/);
    assert.deepEqual(await t.db.snapshot(), before);
  }

  test('a missing password is named', () =>
    rejects({ username: 'bob_1' }, 400, {
      code: 'INVALID_FORM_BODY',
      message: 'Invalid request: password is required',
      errors: [{ field: 'password', message: 'is required' }],
    }));

  test('an extra field is refused', () =>
    rejects({ username: 'bob_1', password: 'long enough pw', admin: true }, 400, {
      code: 'INVALID_FORM_BODY',
      message: 'Invalid request: admin is not allowed',
      errors: [{ field: 'admin', message: 'is not allowed' }],
    }));

  test('a username of the wrong type is refused', () =>
    rejects({ username: 12345, password: 'long enough pw' }, 400, {
      code: 'INVALID_FORM_BODY',
      message: 'Invalid request: username must be string',
      errors: [{ field: 'username', message: 'must be string' }],
    }));

  test('a username with spaces is refused', () =>
    rejects({ username: 'bob smith', password: 'long enough pw' }, 400, {
      code: 'INVALID_FORM_BODY',
      message: 'Invalid request: username must match pattern "^[A-Za-z0-9_.]{2,32}$"',
      errors: [{ field: 'username', message: 'must match pattern "^[A-Za-z0-9_.]{2,32}$"' }],
    }));

  test('a short password is refused', () =>
    rejects({ username: 'bob_1', password: 'short' }, 400, {
      code: 'INVALID_FORM_BODY',
      message: 'Invalid request: password must NOT have fewer than 8 characters',
      errors: [{ field: 'password', message: 'must NOT have fewer than 8 characters' }],
    }));

  test('a malformed email is refused', () =>
    rejects({ username: 'bob_1', password: 'long enough pw', email: 'not-an-email' }, 400, {
      code: 'INVALID_FORM_BODY',
      message: 'Invalid request: email must match pattern "^[^\\s@]{1,64}@[^\\s@]+\\.[^\\s@.]+$"',
      errors: [{ field: 'email', message: 'must match pattern "^[^\\s@]{1,64}@[^\\s@]+\\.[^\\s@.]+$"' }],
    }));

  const TAKEN = { code: 'ACCOUNT_TAKEN', message: 'That username or email is already registered' };

  test('a taken username in other case is a conflict', () => rejects({ username: 'TAKEN_NAME', password: 'long enough pw' }, 409, TAKEN));

  test('a taken email in other case gets the same answer as a taken username', () =>
    rejects({ username: 'fresh_name', password: 'long enough pw', email: 'taken@example.COM' }, 409, TAKEN));

  test('a body that is not JSON is refused', () => rejects('{"username": ', 400, { code: 'INVALID_JSON', message: 'Request body is not valid JSON' }));

  test('an array body is refused', () =>
    rejects([], 400, {
      code: 'INVALID_FORM_BODY',
      message: 'Invalid request: body must be object',
      errors: [{ field: 'body', message: 'must be object' }],
    }));

  test('an oversize body gets 413', () =>
    rejects({ username: 'bob_1', password: 'x'.repeat(1_100_000) }, 413, { code: 'PAYLOAD_TOO_LARGE', message: 'Request body is too large' }));

  test('an unsupported content type gets 415', () =>
    rejects('<user/>', 415, { code: 'UNSUPPORTED_MEDIA_TYPE', message: 'Unsupported Content-Type' }, { 'content-type': 'application/xml' }));
});

forEachDialect('NUL characters', (dialect) => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp({ dialect });
  });
  after(() => t.close());

  test('a NUL anywhere in a body or query is a 400 and changes nothing', async () => {
    for (const options of [
      { method: 'POST' as const, url: '/api/v1/auth/login', payload: { login: 'ali\u0000ce', password: 'whatever pw' } },
      { method: 'POST' as const, url: '/api/v1/auth/register', payload: { username: 'bob', password: 'long enough\u0000pw' } },
      { method: 'GET' as const, url: '/api/v1/nothing?x=%00' },
    ]) {
      const before = await t.db.snapshot();
      const response = await call(t.app, options);
      assert.deepEqual(await t.db.snapshot(), before);
      assert.equal(response.statusCode, 400);
      assert.deepEqual(response.data, { code: 'INVALID_REQUEST', message: 'Request contains a NUL character' });
    }
  });
});

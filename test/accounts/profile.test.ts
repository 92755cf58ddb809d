// PATCH /users/@me: display name and email changes, and password changes that sign out every other session.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { bearer, call, createTestApp, registerUser, unchanged, type TestApp } from '../helpers/app.js';
import { forEachDialect } from '../helpers/stores.js';

forEachDialect('profile changes', (dialect) => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp({ dialect });
  });
  after(() => t.close());

  const patch = (token: string, payload: object) => call(t.app, { method: 'PATCH', url: '/api/v1/users/@me', headers: bearer(token), payload });

  test('global_name and email change and read back', async () => {
    const user = await registerUser(t.app);
    const response = await patch(user.token, { global_name: 'Alice A.', email: 'alice@example.org' });
    assert.equal(response.statusCode, 200);
    assert.equal(response.data.global_name, 'Alice A.');
    assert.equal(response.data.email, 'alice@example.org');
    assert.equal(response.data.verified, false);
    const cleared = await patch(user.token, { global_name: null });
    assert.equal(cleared.data.global_name, null);
    assert.equal((await t.db.store.users.findById(user.id))?.globalName, null);
  });

  test('a password change needs the current password and signs out the other sessions', async () => {
    const user = await registerUser(t.app);
    const other = await call(t.app, { method: 'POST', url: '/api/v1/auth/login', payload: { login: user.username, password: user.password } });
    const response = await patch(user.token, { password: user.password, new_password: 'a brand new password' });
    assert.equal(response.statusCode, 200);
    assert.equal((await call(t.app, { method: 'GET', url: '/api/v1/users/@me', headers: bearer(other.data.token) })).statusCode, 401);
    assert.equal((await call(t.app, { method: 'GET', url: '/api/v1/users/@me', headers: bearer(user.token) })).statusCode, 200);
    const relogin = await call(t.app, { method: 'POST', url: '/api/v1/auth/login', payload: { login: user.username, password: 'a brand new password' } });
    assert.equal(relogin.statusCode, 200);
  });

  test('a wrong current password changes nothing', async () => {
    const user = await registerUser(t.app);
    const response = await unchanged(t.db, () => patch(user.token, { password: 'not my password', new_password: 'a brand new password' }));
    assert.equal(response.statusCode, 400);
    assert.deepEqual(response.data, {
      code: 'INVALID_FORM_BODY',
      message: 'Invalid password: the current password is incorrect',
      errors: [{ field: 'password', message: 'the current password is incorrect' }],
    });
  });

  test('a new password without the current one changes nothing', async () => {
    const user = await registerUser(t.app);
    const response = await unchanged(t.db, () => patch(user.token, { new_password: 'a brand new password' }));
    assert.equal(response.statusCode, 400);
    assert.equal(response.data.errors[0].field, 'password');
  });

  test('an empty patch, an unknown field and a wrong type are refused', async () => {
    const user = await registerUser(t.app);
    for (const [payload, field] of [
      [{}, 'body'],
      [{ username: 'renamed' }, 'username'],
      [{ global_name: 42 }, 'global_name'],
      [{ global_name: 'x'.repeat(33) }, 'global_name'],
    ] as const) {
      const response = await unchanged(t.db, () => patch(user.token, payload));
      assert.equal(response.statusCode, 400, JSON.stringify(payload));
      assert.equal(response.data.code, 'INVALID_FORM_BODY');
      assert.equal(response.data.errors[0].field, field);
    }
  });

  test('an email taken by another account is a conflict', async () => {
    await call(t.app, {
      method: 'POST',
      url: '/api/v1/auth/register',
      payload: { username: 'owner_of_mail', password: 'long enough pw', email: 'shared@example.com' },
    });
    const user = await registerUser(t.app);
    const response = await unchanged(t.db, () => patch(user.token, { email: 'SHARED@example.com' }));
    assert.equal(response.statusCode, 409);
    assert.deepEqual(response.data, { code: 'EMAIL_TAKEN', message: 'That email is already registered' });
  });
});

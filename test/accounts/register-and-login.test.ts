// Registration and login answer a session grant; the session token reaches /users/@me.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { bearer, call, createTestApp, registerUser, type TestApp } from '../helpers/app.js';
import { forEachDialect } from '../helpers/stores.js';
import { newUserJsonWithEmail } from '../helpers/user-json.js';

forEachDialect('register and login', (dialect) => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp({ dialect });
  });
  after(() => t.close());

  test('a registered user logs in by username and reads /users/@me', async () => {
    const user = await registerUser(t.app, 'Alice_1');
    const login = await call(t.app, { method: 'POST', url: '/api/v1/auth/login', payload: { login: 'alice_1', password: user.password } });
    assert.equal(login.statusCode, 200);
    assert.equal(login.data.user_id, user.id);
    assert.match(login.data.token, /^ggs_[A-Za-z0-9_-]{43}$/);
    const me = await call(t.app, { method: 'GET', url: '/api/v1/users/@me', headers: bearer(login.data.token) });
    assert.equal(me.statusCode, 200);
    assert.deepEqual(me.data, newUserJsonWithEmail({ id: user.id, username: 'Alice_1' }));
  });
});

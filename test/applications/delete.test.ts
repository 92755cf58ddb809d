// Deleting an application removes it, its bot user and its bot token in one transaction.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { bearer, botAuth, call, createTestApp, registerUser, type RegisteredUser } from '../helpers/app.js';
import { createApplication, listApplications } from '../helpers/applications.js';
import { forEachDialect } from '../helpers/stores.js';
import { suiteFixture } from '../helpers/suite-fixture.js';

forEachDialect('application delete', (dialect) => {
  const t = suiteFixture(() => createTestApp({ dialect }));
  let owner: RegisteredUser;
  before(async () => (owner = await registerUser(t.app)));

  test('DELETE answers 204; the application, its bot user and bot token are gone', async () => {
    const keep = await createApplication(t.app, owner, { name: 'Keep' });
    const created = await createApplication(t.app, owner, { name: 'Doomed' });
    const before = await call(t.app, { method: 'GET', url: '/api/v1/applications/@me', headers: botAuth(created.bot.token) });
    assert.equal(before.statusCode, 200);

    const response = await call(t.app, { method: 'DELETE', url: `/api/v1/oauth2/applications/${created.id}`, headers: bearer(owner.token) });
    assert.equal(response.statusCode, 204);
    assert.equal(response.body, '');

    const asBot = await call(t.app, { method: 'GET', url: '/api/v1/users/@me', headers: botAuth(created.bot.token) });
    assert.equal(asBot.statusCode, 401);
    assert.deepEqual(asBot.data, { code: 'UNAUTHORIZED', message: 'Invalid or expired token' });
    assert.equal(await t.db.store.users.findById(created.bot.id), null);
    assert.equal(await t.db.store.applications.findById(created.id), null);
    for (const url of [`/api/v1/oauth2/applications/${created.id}`, `/api/v1/oauth2/applications/${created.id}/public`]) {
      const read = await call(t.app, { method: 'GET', url, headers: bearer(owner.token) });
      assert.deepEqual([read.statusCode, read.data], [404, { code: 'UNKNOWN_APPLICATION', message: 'Unknown application' }]);
    }
    assert.deepEqual(
      (await listApplications(t.app, owner)).map((application) => application.id),
      [keep.id],
    );
    const other = await call(t.app, { method: 'GET', url: '/api/v1/applications/@me', headers: botAuth(keep.bot.token) });
    assert.equal(other.statusCode, 200, 'the other application is untouched');
  });

  test('deleting again answers 404 UNKNOWN_APPLICATION', async () => {
    const created = await createApplication(t.app, owner);
    const url = `/api/v1/oauth2/applications/${created.id}`;
    assert.equal((await call(t.app, { method: 'DELETE', url, headers: bearer(owner.token) })).statusCode, 204);
    const again = await call(t.app, { method: 'DELETE', url, headers: bearer(owner.token) });
    assert.deepEqual([again.statusCode, again.data], [404, { code: 'UNKNOWN_APPLICATION', message: 'Unknown application' }]);
  });
});

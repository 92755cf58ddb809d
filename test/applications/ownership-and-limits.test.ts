// Only the owner reads or changes an application: anyone else gets 404 as for an unknown id. Users own at most APP_LIMIT apps.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { bearer, botAuth, call, createTestApp, registerUser, type RegisteredUser, type TestApp } from '../helpers/app.js';
import { createApplication, getApplication, listApplications } from '../helpers/applications.js';
import { forEachDialect } from '../helpers/stores.js';

const UNKNOWN = { code: 'UNKNOWN_APPLICATION', message: 'Unknown application' };

forEachDialect('application ownership and limits', (dialect) => {
  let t: TestApp;
  let owner: RegisteredUser;
  let stranger: RegisteredUser;
  before(async () => {
    t = await createTestApp({ dialect, env: { GUILDGATE_APP_LIMIT: '2' } });
    owner = await registerUser(t.app);
    stranger = await registerUser(t.app);
  });
  after(() => t.close());

  test("another user's application answers 404 UNKNOWN_APPLICATION on every owner endpoint, and nothing changes", async () => {
    const created = await createApplication(t.app, owner);
    const before = await getApplication(t.app, owner, created.id);
    const base = `/api/v1/oauth2/applications/${created.id}`;
    const attempts: { method: 'GET' | 'PATCH' | 'DELETE' | 'POST'; url: string; payload?: object }[] = [
      { method: 'GET', url: base },
      { method: 'PATCH', url: base, payload: { name: 'Hijacked', redirect_uris: ['https://evil.example/cb'] } },
      { method: 'DELETE', url: base },
      { method: 'POST', url: `${base}/client-secret/reset` },
      { method: 'POST', url: `${base}/bot/reset-token` },
      { method: 'PATCH', url: `${base}/bot`, payload: { username: 'hijacked' } },
    ];
    for (const attempt of attempts) {
      const response = await call(t.app, { ...attempt, headers: bearer(stranger.token) });
      assert.equal(response.statusCode, 404, `${attempt.method} ${attempt.url}`);
      assert.deepEqual(response.data, UNKNOWN);
    }
    assert.deepEqual(await getApplication(t.app, owner, created.id), before);
    const stored = await t.db.store.applications.findById(created.id);
    assert.equal((await call(t.app, { method: 'GET', url: '/api/v1/applications/@me', headers: botAuth(created.bot.token) })).statusCode, 200);
    assert.ok(stored?.clientSecretDigest);
    assert.deepEqual(await listApplications(t.app, stranger), []);
    await call(t.app, { method: 'DELETE', url: base, headers: bearer(owner.token) });
  });

  test('the public view is open to other users', async () => {
    const created = await createApplication(t.app, owner);
    const response = await call(t.app, { method: 'GET', url: `/api/v1/oauth2/applications/${created.id}/public`, headers: bearer(stranger.token) });
    assert.equal(response.statusCode, 200);
    await call(t.app, { method: 'DELETE', url: `/api/v1/oauth2/applications/${created.id}`, headers: bearer(owner.token) });
  });

  test('past GUILDGATE_APP_LIMIT create answers 400 MAX_APPLICATIONS and creates nothing; deleting frees a slot', async () => {
    const limited = await registerUser(t.app);
    const first = await createApplication(t.app, limited, { name: 'One' });
    await createApplication(t.app, limited, { name: 'Two' });
    const response = await call(t.app, { method: 'POST', url: '/api/v1/oauth2/applications', headers: bearer(limited.token), payload: { name: 'Three' } });
    assert.equal(response.statusCode, 400);
    assert.deepEqual(response.data, { code: 'MAX_APPLICATIONS', message: 'You can own at most 2 applications' });
    assert.deepEqual(
      (await listApplications(t.app, limited)).map((application) => application.name),
      ['One', 'Two'],
    );
    await call(t.app, { method: 'DELETE', url: `/api/v1/oauth2/applications/${first.id}`, headers: bearer(limited.token) });
    assert.equal((await createApplication(t.app, limited, { name: 'Three' })).name, 'Three');
  });

  test('concurrent creates of one user stop at GUILDGATE_APP_LIMIT (and so do their bot users)', async () => {
    const racer = await registerUser(t.app);
    const create = (name: string) => call(t.app, { method: 'POST', url: '/api/v1/oauth2/applications', headers: bearer(racer.token), payload: { name } });
    const answers = await Promise.all(['A', 'B', 'C', 'D', 'E', 'F'].map(create));
    assert.deepEqual(answers.map((answer) => answer.statusCode).sort(), [201, 201, 400, 400, 400, 400]);
    assert.equal((await listApplications(t.app, racer)).length, 2);
  });
});

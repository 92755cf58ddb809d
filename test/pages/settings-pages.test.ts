// Account settings pages: authorized apps (scopes in plain words, Deauthorize kills the tokens) and sessions with API tokens.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { bearer, call, createTestApp, registerUser, unchanged, type RegisteredUser, type TestApp } from '../helpers/app.js';
import { createApplication } from '../helpers/applications.js';
import { accessWorks, issueTokens } from '../helpers/oauth.js';
import { alertText, csrfOf, postPage, sessionCookie, type Fields } from '../helpers/pages.js';
import { forEachDialect } from '../helpers/stores.js';

forEachDialect('settings pages', (dialect) => {
  let t: TestApp;
  let user: RegisteredUser;
  let cookie: string;
  let csrf: string;

  const post = (url: string, fields: Fields) => postPage(t.app, url, cookie, { csrf_token: csrf, ...fields });
  const get = (url: string) => call(t.app, { method: 'GET', url, headers: { cookie } });
  const sessionWorks = async (token: string) => (await call(t.app, { method: 'GET', url: '/api/v1/sessions/@me', headers: bearer(token) })).statusCode === 200;

  before(async () => {
    t = await createTestApp({ dialect, env: { GUILDGATE_RATE_LIMIT: 'off' } });
    user = await registerUser(t.app);
    cookie = sessionCookie(user);
    csrf = await csrfOf(t.app, cookie);
  });
  after(() => t.close());

  test('authorized apps list each grant with its scopes in plain words; Deauthorize ends its tokens', async () => {
    const developer = await registerUser(t.app);
    const created = await createApplication(t.app, developer, { name: 'Grantee <b>', description: 'Reads things' });
    const client = { clientId: created.id, clientSecret: created.client_secret, redirectUri: 'https://app.example/callback' };
    const tokens = await issueTokens(t.app, user.token, client, 'identify guilds');
    const page = await get('/settings/authorized-apps');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /<h2 id="app-\d+">Grantee &lt;b&gt;<\/h2>/);
    assert.match(page.body, /<li>Know your username, avatar and banner <span class="muted">\(<code>identify<\/code>\)<\/span><\/li>/);
    assert.match(page.body, /<li>Know which servers you are in <span class="muted">\(<code>guilds<\/code>\)<\/span><\/li>/);
    assert.match(page.body, /Authorized <time datetime="2026-01-01T12:00:00.000Z">2026-01-01 12:00 UTC<\/time>/);

    const response = await post(`/settings/authorized-apps/${created.id}/deauthorize`, {});
    assert.equal(response.statusCode, 303);
    assert.equal(response.headers.location, '/settings/authorized-apps?done=deauthorized');
    assert.equal(await accessWorks(t.app, tokens.access_token), false);
    const after = await get(response.headers.location as string);
    assert.match(after.body, /The application is deauthorized; its tokens no longer work\./);
    assert.match(after.body, /You have not authorized any application\./);
    const again = await unchanged(t.db, () => post(`/settings/authorized-apps/${created.id}/deauthorize`, {}));
    assert.equal(again.statusCode, 404);
    assert.equal(alertText(again.body), 'Unknown authorization');
  });

  test('creating an API token shows it once and it works; refused names and lifetimes change nothing', async () => {
    const response = await post('/settings/sessions', { name: ' nightly backup ', expires_in: '604800' });
    assert.equal(response.statusCode, 201);
    const token = /id="api-token" value="([^"]+)"/.exec(response.body)![1]!;
    assert.match(token, /^gga_/);
    assert.equal(await sessionWorks(token), true);
    const listed = (await call(t.app, { method: 'GET', url: '/api/v1/sessions', headers: bearer(user.token) })).data.find(
      (s: { name: string }) => s.name === 'nightly backup',
    );
    assert.equal(listed.expires_at, '2026-01-08T12:00:00.000Z');
    const page = await get('/settings/sessions');
    assert.match(page.body, /API token<br><strong>nightly backup<\/strong>/);
    assert.doesNotMatch(page.body, new RegExp(token));

    const refusals: [Fields, string][] = [
      [{ name: '', expires_in: '0' }, 'Please fix the following: Name is required'],
      [{ name: 'x'.repeat(101), expires_in: '0' }, 'Please fix the following: Name must not have more than 100 characters'],
      [{ name: 'ok', expires_in: 'soon' }, 'Please fix the following: Expires after must be integer'],
      [{ name: 'ok', expires_in: '-5' }, 'Please fix the following: Expires after must be integer'],
    ];
    for (const [fields, message] of refusals) {
      const refused = await unchanged(t.db, () => post('/settings/sessions', fields));
      assert.equal(refused.statusCode, 400, JSON.stringify(fields));
      assert.equal(alertText(refused.body), message);
    }
  });

  test('revoking a token ends it; revoking this browser signs out; another user’s session is 404 and stays', async () => {
    const created = await call(t.app, {
      method: 'POST',
      url: '/api/v1/sessions',
      headers: bearer(user.token),
      payload: { name: 'doomed', type: 'api', expires_in: 0 },
    });
    const revoked = await post(`/settings/sessions/${created.data.session_id}/revoke`, {});
    assert.equal(revoked.statusCode, 303);
    assert.equal(revoked.headers.location, '/settings/sessions?done=revoked');
    assert.equal(await sessionWorks(created.data.token), false);

    const stranger = await registerUser(t.app);
    const foreign = await unchanged(t.db, () => post(`/settings/sessions/${stranger.sessionId}/revoke`, {}));
    assert.equal(foreign.statusCode, 404);
    assert.equal(await sessionWorks(stranger.token), true);

    const self = await post(`/settings/sessions/${user.sessionId}/revoke`, {});
    assert.equal(self.statusCode, 303);
    assert.equal(self.headers.location, '/login');
    assert.equal(self.cookies.find((c) => c.name === 'gg_session')!.value, '');
    assert.equal(await sessionWorks(user.token), false);
  });
});

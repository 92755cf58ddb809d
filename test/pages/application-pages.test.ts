// Developer portal pages: create (secret shown once), General settings, icon upload, delete, OAuth2 settings, secret reset, URL generator.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { call, createTestApp, registerUser, unchanged, type RegisteredUser, type TestApp } from '../helpers/app.js';
import { createApplication, getApplication, IMAGE_BYTES } from '../helpers/applications.js';
import { basic, postForm } from '../helpers/oauth.js';
import { alertText, csrfOf, postPage, postUpload, sessionCookie, type Fields } from '../helpers/pages.js';
import { solidPng } from '../helpers/png.js';
import { forEachDialect } from '../helpers/stores.js';

const shownValue = (body: string, id: string) => new RegExp(`id="${id}" value="([^"]+)"`).exec(body)?.[1] ?? null;

forEachDialect('developer portal application pages', (dialect) => {
  let t: TestApp;
  let owner: RegisteredUser;
  let cookie: string;
  let csrf: string;

  const post = (url: string, fields: Fields) => postPage(t.app, url, cookie, { csrf_token: csrf, ...fields });
  const get = (url: string, withCookie = cookie) => call(t.app, { method: 'GET', url, headers: { cookie: withCookie } });
  const clientCredentials = (id: string, secret: string) =>
    postForm(t.app, '/api/v1/oauth2/token', { grant_type: 'client_credentials', scope: 'identify' }, basic(id, secret));

  before(async () => {
    t = await createTestApp({ dialect, env: { GUILDGATE_RATE_LIMIT: 'off', GUILDGATE_IMAGE_MAX_BYTES: '2048' } });
    owner = await registerUser(t.app);
    cookie = sessionCookie(owner);
    csrf = await csrfOf(t.app, cookie);
  });
  after(() => t.close());

  test('creating an application shows its client ID, secret and bot token once; the secret works', async () => {
    const response = await post('/developers/applications', {
      name: '  Helper  ',
      description: 'Helps <you>',
      redirect_uris: 'https://helper.example/cb\r\n\r\n  http://127.0.0.1:9/cb  \n',
      terms_of_service_url: 'https://helper.example/terms',
      privacy_policy_url: '',
    });
    assert.equal(response.statusCode, 201);
    const id = shownValue(response.body, 'client-id')!;
    const secret = shownValue(response.body, 'client-secret')!;
    assert.match(secret, /^ggcs_/);
    assert.match(shownValue(response.body, 'bot-token')!, /^ggb_/);
    const stored = await getApplication(t.app, owner, id);
    assert.equal(stored.name, 'Helper');
    assert.equal(stored.description, 'Helps <you>');
    assert.deepEqual(stored.redirect_uris, ['https://helper.example/cb', 'http://127.0.0.1:9/cb']);
    assert.equal(stored.terms_of_service_url, 'https://helper.example/terms');
    assert.equal(stored.privacy_policy_url, null);
    assert.equal((await clientCredentials(id, secret)).statusCode, 200);
    const page = await get(`/developers/applications/${id}`);
    assert.doesNotMatch(page.body, new RegExp(secret), 'the secret is not on the application page');
    assert.match(page.body, /Helps &lt;you&gt;/);
    const list = await get('/developers/applications');
    assert.match(list.body, new RegExp(`<a href="/developers/applications/${id}">Helper</a>`));
  });

  test('a refused create shows each problem by its label, keeps the values and changes nothing', async () => {
    const response = await unchanged(t.db, () =>
      post('/developers/applications', {
        name: ' ',
        redirect_uris: 'http://evil.example/cb\nhttps://ok.example/cb\nhttps://ok.example/cb',
        terms_of_service_url: 'javascript:alert(1)',
      }),
    );
    assert.equal(response.statusCode, 400);
    assert.equal(alertText(response.body), 'Please fix the following: Name is required');
    const second = await unchanged(t.db, () =>
      post('/developers/applications', { name: 'Valid', redirect_uris: 'http://evil.example/cb\nhttps://ok.example/cb\nhttps://ok.example/cb' }),
    );
    assert.equal(second.statusCode, 400);
    assert.equal(
      alertText(second.body),
      'Please fix the following: Redirect URI 1 must use https; http is allowed only on loopback hosts (127.0.0.1, [::1], localhost) Redirect URI 3 duplicates redirect_uris.1',
    );
    assert.match(second.body, /http:\/\/evil\.example\/cb\nhttps:\/\/ok\.example\/cb/, 'the redirect URIs are kept in the form');
    const third = await unchanged(t.db, () => post('/developers/applications', { name: 'Valid', terms_of_service_url: 'javascript:alert(1)' }));
    assert.equal(alertText(third.body), 'Please fix the following: Terms of Service URL must be an absolute http(s) URL');
  });

  test('General settings save and clear optional fields; another user gets 404 and changes nothing', async () => {
    const app = await createApplication(t.app, owner, { description: 'old', privacy_policy_url: 'https://x.example/privacy' });
    const saved = await post(`/developers/applications/${app.id}`, {
      name: 'Renamed',
      description: '',
      terms_of_service_url: 'https://x.example/terms',
      privacy_policy_url: '',
    });
    assert.equal(saved.statusCode, 303);
    assert.equal(saved.headers.location, `/developers/applications/${app.id}?done=saved`);
    const stored = await getApplication(t.app, owner, app.id);
    assert.deepEqual(
      [stored.name, stored.description, stored.terms_of_service_url, stored.privacy_policy_url],
      ['Renamed', null, 'https://x.example/terms', null],
    );
    assert.match((await get(saved.headers.location as string)).body, /<p class="notice" role="status">Changes saved\.<\/p>/);
    assert.doesNotMatch((await get(`/developers/applications/${app.id}?done=<script>`)).body, /class="notice"/, 'only known notices are shown');

    const stranger = await registerUser(t.app);
    const strangerCookie = sessionCookie(stranger);
    const foreign = await unchanged(t.db, async () =>
      postPage(t.app, `/developers/applications/${app.id}`, strangerCookie, { csrf_token: await csrfOf(t.app, strangerCookie), name: 'Stolen' }),
    );
    assert.equal(foreign.statusCode, 404);
    assert.equal((await get(`/developers/applications/${app.id}/oauth2`, strangerCookie)).statusCode, 404);
  });

  test('the icon upload stores the image by hash; a non-image or an oversized file is refused and changes nothing', async () => {
    const app = await createApplication(t.app, owner);
    const icon = solidPng(4, [1, 2, 3]);
    const file = { field: 'icon', filename: 'icon.png', type: 'application/octet-stream', bytes: icon };
    const uploaded = await postUpload(t.app, `/developers/applications/${app.id}/icon`, cookie, { csrf_token: csrf }, file);
    assert.equal(uploaded.statusCode, 303);
    const hash = (await getApplication(t.app, owner, app.id)).icon;
    assert.match(hash, /^[0-9a-f]{64}$/);
    const served = await call(t.app, { method: 'GET', url: `/images/${hash}` });
    assert.equal(served.headers['content-type'], 'image/png');
    assert.deepEqual(served.rawPayload, icon);
    assert.match((await get(`/developers/applications/${app.id}`)).body, new RegExp(`<img class="icon" src="/images/${hash}" alt="">`));

    const refusals: [typeof file, string][] = [
      [
        { ...file, type: 'image/png', bytes: Buffer.from('not an image') },
        'Please fix the following: Icon declares image/png but the data is not a PNG, JPEG, GIF or WebP image',
      ],
      [{ ...file, bytes: Buffer.concat([IMAGE_BYTES['image/png'], Buffer.alloc(3000)]) }, 'Please fix the following: Icon must be at most 2048 bytes'],
      [{ ...file, bytes: Buffer.alloc(0), filename: '' }, 'Please fix the following: Icon is required: choose an image file'],
    ];
    for (const [bad, message] of refusals) {
      const response = await unchanged(t.db, () => postUpload(t.app, `/developers/applications/${app.id}/icon`, cookie, { csrf_token: csrf }, bad));
      assert.equal(response.statusCode, 400);
      assert.equal(alertText(response.body), message);
    }
    const removed = await post(`/developers/applications/${app.id}/icon/remove`, {});
    assert.equal(removed.statusCode, 303);
    assert.equal((await getApplication(t.app, owner, app.id)).icon, null);
  });

  test('deleting needs the confirmation box; then the application and its credentials are gone', async () => {
    const app = await createApplication(t.app, owner);
    const unconfirmed = await unchanged(t.db, () => post(`/developers/applications/${app.id}/delete`, {}));
    assert.equal(unconfirmed.statusCode, 400);
    assert.equal(alertText(unconfirmed.body), 'Please fix the following: Confirmation must be ticked to delete the application');
    const deleted = await post(`/developers/applications/${app.id}/delete`, { confirm: 'on' });
    assert.equal(deleted.statusCode, 303);
    assert.equal(deleted.headers.location, '/developers/applications?done=deleted');
    assert.equal((await get(`/developers/applications/${app.id}`)).statusCode, 404);
    assert.equal((await clientCredentials(app.id, app.client_secret)).statusCode, 401);
  });

  test('OAuth2 settings: redirect URIs, public client (secret dropped) and back to confidential (a new secret shown once)', async () => {
    const app = await createApplication(t.app, owner);
    const path = `/developers/applications/${app.id}/oauth2`;
    const bad = await unchanged(t.db, () => post(path, { redirect_uris: 'https://a.example/cb#frag', token_endpoint_auth_method: 'none' }));
    assert.equal(bad.statusCode, 400);
    assert.equal(alertText(bad.body), 'Please fix the following: Redirect URI 1 must not contain a fragment (#)');
    const wrongType = await unchanged(t.db, () => post(path, { redirect_uris: 'https://a.example/cb', token_endpoint_auth_method: 'magic' }));
    assert.equal(wrongType.statusCode, 400);

    const toPublic = await post(path, { redirect_uris: 'https://a.example/cb\ncom.example.app:/cb', token_endpoint_auth_method: 'none' });
    assert.equal(toPublic.statusCode, 303);
    const stored = await getApplication(t.app, owner, app.id);
    assert.deepEqual(stored.redirect_uris, ['https://a.example/cb', 'com.example.app:/cb']);
    assert.equal(stored.token_endpoint_auth_method, 'none');
    assert.equal((await clientCredentials(app.id, app.client_secret)).statusCode, 401);
    const publicPage = await get(path);
    assert.match(publicPage.body, /Public clients have no client secret/);
    assert.doesNotMatch(publicPage.body, /reset-secret/);
    assert.equal((await unchanged(t.db, () => post(`${path}/reset-secret`, {}))).statusCode, 400);

    const toConfidential = await post(path, { redirect_uris: 'https://a.example/cb', token_endpoint_auth_method: 'client_secret_basic' });
    assert.equal(toConfidential.statusCode, 200);
    const secret = shownValue(toConfidential.body, 'client-secret')!;
    assert.equal((await clientCredentials(app.id, secret)).statusCode, 200);
  });

  test('OAuth2 settings: the access token format is chosen on the page; an unknown one is refused and changes nothing', async () => {
    const app = await createApplication(t.app, owner);
    const path = `/developers/applications/${app.id}/oauth2`;
    assert.match((await get(path)).body, /<option value="opaque" selected>/);
    const wrong = await unchanged(t.db, () =>
      post(path, { redirect_uris: 'https://app.example/callback', token_endpoint_auth_method: 'client_secret_basic', access_token_format: 'xml' }),
    );
    assert.equal(wrong.statusCode, 400);
    assert.match(wrong.body, /<option value="opaque">/);
    const saved = await post(path, {
      redirect_uris: 'https://app.example/callback',
      token_endpoint_auth_method: 'client_secret_basic',
      access_token_format: 'jwt',
    });
    assert.equal(saved.statusCode, 303);
    assert.equal((await getApplication(t.app, owner, app.id)).access_token_format, 'jwt');
    assert.match((await get(path)).body, /<option value="jwt" selected>/);
    // The client_credentials token is now a JWT (RFC 9068 typ at+jwt).
    const token = await clientCredentials(app.id, app.client_secret);
    assert.equal(JSON.parse(Buffer.from(token.data.access_token.split('.')[0], 'base64url').toString()).typ, 'at+jwt');
  });

  test('resetting the secret shows the new one once; the old one stops working', async () => {
    const app = await createApplication(t.app, owner);
    const response = await post(`/developers/applications/${app.id}/oauth2/reset-secret`, {});
    assert.equal(response.statusCode, 200);
    const secret = shownValue(response.body, 'client-secret')!;
    assert.notEqual(secret, app.client_secret);
    assert.equal((await clientCredentials(app.id, app.client_secret)).statusCode, 401);
    assert.equal((await clientCredentials(app.id, secret)).statusCode, 200);
  });

  test('the URL generator builds the authorize URL from a GET form, with permissions only for the bot scope', async () => {
    const app = await createApplication(t.app, owner, { redirect_uris: ['https://gen.example/cb', 'https://gen.example/other'] });
    const path = `/developers/applications/${app.id}/oauth2`;
    const generated = (body: string) => /id="generated-url" rows="3" readonly spellcheck="false">([^<]+)<\/textarea>/.exec(body)?.[1]?.replace(/&amp;/g, '&');
    const unknownBit = String(1n << 60n);
    const withBot = await get(
      `${path}?generate=1&scope=identify&scope=bot&scope=bogus&redirect_uri=${encodeURIComponent('https://gen.example/cb')}&permission=2048&permission=8&permission=${unknownBit}&permission=NOPE`,
    );
    assert.equal(withBot.statusCode, 200);
    const url = new URL(generated(withBot.body)!);
    assert.equal(`${url.origin}${url.pathname}`, `${t.config.issuer}/oauth2/authorize`);
    assert.deepEqual(Object.fromEntries(url.searchParams), {
      client_id: app.id,
      response_type: 'code',
      redirect_uri: 'https://gen.example/cb',
      scope: 'identify bot',
      permissions: String(2048 + 8),
    });
    assert.match(generated(withBot.body)!, /scope=identify%20bot/);
    assert.match(withBot.body, /id="scope-bot" name="scope" value="bot" checked/, 'the choices stay ticked');
    assert.match(withBot.body, /id="perm-2048" name="permission" value="2048" checked><label for="perm-2048">Send messages<\/label>/);

    const botOnly = await get(`${path}?generate=1&scope=bot&permission=8`);
    assert.deepEqual(Object.fromEntries(new URL(generated(botOnly.body)!).searchParams), { client_id: app.id, scope: 'bot', permissions: '8' });
    const noBot = await get(`${path}?generate=1&scope=email&redirect_uri=${encodeURIComponent('https://gen.example/other')}&permission=8`);
    assert.equal(new URL(generated(noBot.body)!).searchParams.get('permissions'), null);
    const problems: [string, string][] = [
      ['generate=1', 'Choose at least one scope.'],
      ['generate=1&scope=identify', 'Choose a redirect URI.'],
      [`generate=1&scope=identify&redirect_uri=${encodeURIComponent('https://evil.example/cb')}`, 'Choose one of the registered redirect URIs.'],
    ];
    for (const [query, problem] of problems) assert.equal(alertText((await get(`${path}?${query}`)).body), problem);
    assert.equal((await get(`${path}?scope=${'x'.repeat(100)}`)).statusCode, 400);
  });

  test('a bot-only URL without a redirect URI still needs one when the app requires the code grant', async () => {
    const app = await createApplication(t.app, owner, { redirect_uris: [], bot_require_code_grant: true });
    const page = await get(`/developers/applications/${app.id}/oauth2?generate=1&scope=bot`);
    assert.equal(alertText(page.body), 'Add a redirect URI on this page first: the authorization answer is sent there.');
  });
});

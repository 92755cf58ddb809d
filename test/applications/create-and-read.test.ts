// Creating an application answers the seed ApplicationResponse with its secrets once; every read matches its seed table.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { digestToken } from '../../src/crypto/tokens.js';
import { APPLICATION_RESPONSE_EXTRAS } from '../fixtures/seed-002-shapes.js';
import { bearer, call, createTestApp, registerUser, type RegisteredUser } from '../helpers/app.js';
import { createApplication, getApplication, PNG_URI } from '../helpers/applications.js';
import { assertShape } from '../helpers/shapes.js';
import { forEachDialect } from '../helpers/stores.js';
import { suiteFixture } from '../helpers/suite-fixture.js';

const extras = APPLICATION_RESPONSE_EXTRAS;

forEachDialect('application create and read', (dialect) => {
  const t = suiteFixture(() => createTestApp({ dialect }));
  let owner: RegisteredUser;
  before(async () => (owner = await registerUser(t.app)));

  test('create answers 201 ApplicationResponse with client_secret and bot.token, stored only as digests', async () => {
    const created = await createApplication(t.app, owner, { name: 'Weather Bot' });
    assertShape(created, 'ApplicationResponse', { extras, present: ['bot', 'client_secret'] });
    assert.match(created.client_secret, /^ggcs_[A-Za-z0-9_-]{43}$/);
    assert.match(created.bot.token, /^ggb_[A-Za-z0-9_-]{43}$/);
    assert.match(created.bot.discriminator, /^(?!0000)[0-9]{4}$/);
    const { client_secret, bot, ...rest } = created;
    const { token, ...botRest } = bot;
    assert.deepEqual(rest, {
      id: created.id,
      name: 'Weather Bot',
      bot_public: true,
      bot_require_code_grant: false,
      redirect_uris: ['https://app.example/callback'],
      post_logout_redirect_uris: [],
      access_token_format: 'opaque',
      description: null,
      icon: null,
      terms_of_service_url: null,
      privacy_policy_url: null,
      token_endpoint_auth_method: 'client_secret_basic',
      flags: 0,
      owner_id: owner.id,
    });
    assert.deepEqual(botRest, {
      id: bot.id,
      username: 'Weather_Bot',
      discriminator: bot.discriminator,
      avatar: null,
      banner: null,
      bio: null,
      flags: 0,
      mfa_enabled: false,
      authenticator_types: [],
    });
    const stored = await t.db.store.applications.findById(created.id);
    assert.equal(stored?.clientSecretDigest, digestToken(client_secret));
    assert.equal(stored?.botTokenDigest, digestToken(token));
    const botUser = await t.db.store.users.findById(bot.id);
    assert.equal(botUser?.bot, true);
    assert.equal(botUser?.email, null);
  });

  test('GET /oauth2/applications/{id} answers the owner view without client_secret or bot.token', async () => {
    const created = await createApplication(t.app, owner);
    const response = await call(t.app, { method: 'GET', url: `/api/v1/oauth2/applications/${created.id}`, headers: bearer(owner.token) });
    assert.equal(response.statusCode, 200);
    assertShape(response.data, 'ApplicationResponse', { extras, present: ['bot'] });
    const { client_secret: _secret, ...expected } = created;
    const { token: _token, ...bot } = created.bot;
    const { verify_key, ...rest } = response.data;
    assert.match(verify_key, /^[0-9a-f]{64}$/);
    assert.deepEqual(rest, { ...expected, bot, event_webhooks_url: null, event_webhooks_types: [], event_webhooks_status: 'disabled' });
  });

  test("both list endpoints answer the caller's applications, oldest first, without secrets", async () => {
    const other = await registerUser(t.app);
    const first = await createApplication(t.app, other, { name: 'First' });
    const second = await createApplication(t.app, other, { name: 'Second', token_endpoint_auth_method: 'none' });
    for (const url of ['/api/v1/oauth2/applications/@me', '/api/v1/users/@me/applications']) {
      const response = await call(t.app, { method: 'GET', url, headers: bearer(other.token) });
      assert.equal(response.statusCode, 200);
      assert.deepEqual(
        response.data.map((application: { id: string }) => application.id),
        [first.id, second.id],
      );
      for (const application of response.data) {
        assertShape(application, 'ApplicationResponse', { extras, present: ['bot'] });
        assert.equal('client_secret' in application, false);
        assert.equal('token' in application.bot, false);
      }
    }
  });

  test('GET /{id}/public answers ApplicationPublicResponse to anyone, without authentication', async () => {
    const created = await createApplication(t.app, owner, { name: 'Public View', description: 'Says hello' });
    const response = await call(t.app, { method: 'GET', url: `/api/v1/oauth2/applications/${created.id}/public` });
    assert.equal(response.statusCode, 200);
    assertShape(response.data, 'ApplicationPublicResponse');
    const { token: _token, ...bot } = created.bot;
    assert.deepEqual(response.data, {
      id: created.id,
      name: 'Public View',
      description: 'Says hello',
      icon: null,
      bot_public: true,
      redirect_uris: ['https://app.example/callback'],
      scopes: ['identify', 'email', 'guilds', 'guilds.join', 'guilds.members.read', 'connections', 'bot', 'applications.commands', 'openid', 'profile'],
      bot,
    });
  });

  test('every create field is stored and answered back', async () => {
    const created = await createApplication(t.app, owner, {
      name: 'Full',
      description: 'All the fields',
      icon: PNG_URI,
      terms_of_service_url: 'https://app.example/terms',
      privacy_policy_url: 'http://app.example/privacy',
      token_endpoint_auth_method: 'client_secret_post',
      bot_public: false,
      bot_require_code_grant: true,
      redirect_uris: ['https://app.example/a', 'http://127.0.0.1:8000/cb', 'com.example.app:/callback'],
    });
    assertShape(created, 'ApplicationResponse', { extras, present: ['bot', 'client_secret'] });
    const read = await getApplication(t.app, owner, created.id);
    assert.deepEqual(
      {
        description: read.description,
        icon: read.icon,
        terms: read.terms_of_service_url,
        privacy: read.privacy_policy_url,
        method: read.token_endpoint_auth_method,
        public: read.bot_public,
        codeGrant: read.bot_require_code_grant,
        uris: read.redirect_uris,
      },
      {
        description: 'All the fields',
        icon: created.icon,
        terms: 'https://app.example/terms',
        privacy: 'http://app.example/privacy',
        method: 'client_secret_post',
        public: false,
        codeGrant: true,
        uris: ['https://app.example/a', 'http://127.0.0.1:8000/cb', 'com.example.app:/callback'],
      },
    );
    assert.match(read.icon, /^[0-9a-f]{64}$/);
  });

  test('a public client (none) is created without a client secret', async () => {
    const created = await createApplication(t.app, owner, { token_endpoint_auth_method: 'none', redirect_uris: null });
    assertShape(created, 'ApplicationResponse', { extras, present: ['bot'] });
    assert.equal('client_secret' in created, false);
    assert.match(created.bot.token, /^ggb_/);
    assert.deepEqual(created.redirect_uris, []);
    assert.equal((await t.db.store.applications.findById(created.id))?.clientSecretDigest, null);
  });

  test('bot usernames come from the application name, fitted to the username charset, with distinct discriminators', async () => {
    const cases: [string, string][] = [
      ['Café Crème  Bot!', 'Cafe_Creme_Bot'],
      ['☕', 'bot'],
      ['a'.repeat(40), 'a'.repeat(32)],
      ['..dots.and_underscores__', 'dots.and_underscores'],
    ];
    for (const [name, username] of cases) {
      const created = await createApplication(t.app, owner, { name });
      assert.equal(created.bot.username, username, name);
    }
    const twins = await Promise.all([1, 2, 3].map(() => createApplication(t.app, owner, { name: 'Twin' })));
    assert.equal(new Set(twins.map((twin) => twin.bot.discriminator)).size, 3);
  });

  test('unknown application ids answer 404 UNKNOWN_APPLICATION', async () => {
    for (const url of ['/api/v1/oauth2/applications/1', '/api/v1/oauth2/applications/1/public']) {
      const response = await call(t.app, { method: 'GET', url, headers: bearer(owner.token) });
      assert.equal(response.statusCode, 404);
      assert.deepEqual(response.data, { code: 'UNKNOWN_APPLICATION', message: 'Unknown application' });
    }
  });

  test('owner endpoints need a session: none answers 401, a bot token answers 401', async () => {
    const created = await createApplication(t.app, owner);
    const anonymous = await call(t.app, { method: 'GET', url: '/api/v1/oauth2/applications/@me' });
    assert.equal(anonymous.statusCode, 401);
    assert.deepEqual(anonymous.data, { code: 'UNAUTHORIZED', message: 'Missing Authorization header' });
    const asBot = await call(t.app, {
      method: 'GET',
      url: `/api/v1/oauth2/applications/${created.id}`,
      headers: { authorization: `Bot ${created.bot.token}` },
    });
    assert.equal(asBot.statusCode, 401);
    assert.deepEqual(asBot.data, { code: 'UNAUTHORIZED', message: 'Unsupported authorization scheme' });
  });
});

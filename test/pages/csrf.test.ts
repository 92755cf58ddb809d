// CSRF on every state-changing page form: without its token, or with a wrong or another session's token, 403 and nothing changes;
// the same post with the token does change something (so each refusal proves the token, not a bad body).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { call, createTestApp, registerUser, type RegisteredUser, type TestApp } from '../helpers/app.js';
import { createApplication } from '../helpers/applications.js';
import { createBotApp, createGuild, install } from '../helpers/bot-install.js';
import { issueTokens } from '../helpers/oauth.js';
import { csrfOf, postPage, postUpload, sessionCookie, type Fields, type UploadFile } from '../helpers/pages.js';
import { solidPng } from '../helpers/png.js';
import { forEachDialect } from '../helpers/stores.js';
import { LOOPBACK_WEBHOOKS, startWebhookListener, type WebhookListener } from '../helpers/webhook-listener.js';

interface Case {
  name: string;
  url: () => string;
  fields: () => Fields;
  file?: UploadFile;
}

forEachDialect('page forms need their CSRF token', (dialect) => {
  let t: TestApp;
  let owner: RegisteredUser;
  let cookie: string;
  let token: string;
  let foreignToken: string;
  let webhook: WebhookListener;
  const ids = { app: '', granted: '', apiSession: '', guild: '', installed: '' };
  const png: UploadFile = { field: 'icon', filename: 'icon.png', type: 'image/png', bytes: solidPng(8, [10, 20, 30]) };

  before(async () => {
    [t, webhook] = await Promise.all([createTestApp({ dialect, env: { GUILDGATE_RATE_LIMIT: 'off', ...LOOPBACK_WEBHOOKS } }), startWebhookListener()]);
    owner = await registerUser(t.app);
    cookie = sessionCookie(owner);
    token = await csrfOf(t.app, cookie);
    foreignToken = await csrfOf(t.app, sessionCookie(await registerUser(t.app)));
    const granted = await createApplication(t.app, await registerUser(t.app), { redirect_uris: ['https://client.example/cb'] });
    ids.granted = granted.id;
    await issueTokens(t.app, owner.token, { clientId: granted.id, clientSecret: granted.client_secret, redirectUri: 'https://client.example/cb' });
    const api = await call(t.app, {
      method: 'POST',
      url: '/api/v1/sessions',
      headers: { authorization: `Bearer ${owner.token}` },
      payload: { name: 'script', type: 'api', expires_in: 0 },
    });
    ids.apiSession = api.data.session_id;
    ids.guild = (await createGuild(t.app, owner, 'Forms guild')).id;
    const bot = await createBotApp(t.app, owner);
    ids.installed = bot.clientId;
    assert.equal((await install(t.app, owner, bot, ids.guild, '2048')).response.statusCode, 200);
  });
  after(async () => {
    await t.close();
    await webhook.close();
  });

  const appUrl =
    (suffix = '') =>
    () =>
      `/developers/applications/${ids.app}${suffix}`;
  // In an order where each successful post leaves what the next one needs (the app, an icon, an avatar).
  const cases: Case[] = [
    { name: 'create an application', url: () => '/developers/applications', fields: () => ({ name: 'Forms', redirect_uris: 'https://forms.example/cb' }) },
    { name: 'save general settings', url: appUrl(), fields: () => ({ name: 'Forms renamed', description: 'changed' }) },
    { name: 'upload an icon', url: appUrl('/icon'), fields: () => ({}), file: png },
    { name: 'remove the icon', url: appUrl('/icon/remove'), fields: () => ({}) },
    {
      name: 'save redirects and client type',
      url: appUrl('/oauth2'),
      fields: () => ({ redirect_uris: 'https://forms.example/other', token_endpoint_auth_method: 'client_secret_post' }),
    },
    { name: 'reset the client secret', url: appUrl('/oauth2/reset-secret'), fields: () => ({}) },
    { name: 'save the bot profile', url: appUrl('/bot'), fields: () => ({ username: 'forms_bot', discriminator: '4242', bio: 'hi', FRIENDLY_BOT: 'on' }) },
    { name: 'save the authorization flow', url: appUrl('/bot/flow'), fields: () => ({ bot_require_code_grant: 'on' }) },
    { name: 'upload a bot avatar', url: appUrl('/bot/avatar'), fields: () => ({}), file: { ...png, field: 'avatar' } },
    { name: 'remove the bot avatar', url: appUrl('/bot/avatar/remove'), fields: () => ({}) },
    { name: 'reset the bot token', url: appUrl('/bot/reset-token'), fields: () => ({}) },
    {
      name: 'save event webhook settings',
      url: appUrl('/events'),
      fields: () => ({ event_webhooks_url: webhook.url, event_webhooks_types: ['APPLICATION_AUTHORIZED'], event_webhooks_status: 'enabled' }),
    },
    { name: 'deauthorize an application', url: () => `/settings/authorized-apps/${ids.granted}/deauthorize`, fields: () => ({}) },
    { name: 'create an API token', url: () => '/settings/sessions', fields: () => ({ name: 'new token', expires_in: '86400' }) },
    { name: 'remove an integration from a guild', url: () => `/guilds/${ids.guild}/integrations/${ids.installed}/remove`, fields: () => ({}) },
    { name: 'revoke an API token', url: () => `/settings/sessions/${ids.apiSession}/revoke`, fields: () => ({}) },
    { name: 'delete the application', url: appUrl('/delete'), fields: () => ({ confirm: 'on' }) },
    { name: 'sign out', url: () => '/logout', fields: () => ({}) },
  ];

  const send = (entry: Case, csrf: string | undefined) => {
    const fields = { ...entry.fields(), ...(csrf !== undefined && { csrf_token: csrf }) };
    return entry.file ? postUpload(t.app, entry.url(), cookie, fields, entry.file) : postPage(t.app, entry.url(), cookie, fields);
  };

  for (const entry of cases) {
    test(`${entry.name}: refused with 403 and no change without the token, done with it`, async () => {
      // Every refusal leaves the database as it was before the first: the post with the token then starts from there.
      const before = await t.db.snapshot();
      for (const csrf of [undefined, '', 'forged', foreignToken]) {
        const response = await send(entry, csrf);
        assert.equal(response.statusCode, 403, `csrf_token ${JSON.stringify(csrf)}`);
        assert.match(response.body, /<h1>Request refused<\/h1>/);
        assert.equal(response.headers['set-cookie'], undefined);
        assert.deepEqual(await t.db.snapshot(), before, `csrf_token ${JSON.stringify(csrf)} changed the database`);
      }
      const response = await send(entry, token);
      assert.ok([200, 201, 303].includes(response.statusCode), `${response.statusCode} ${response.body.slice(0, 300)}`);
      assert.notDeepEqual(await t.db.snapshot(), before, 'the post with its token changed nothing');
      if (entry.name === 'create an application') ids.app = /id="client-id" value="(\d+)"/.exec(response.body)![1]!;
    });
  }
});

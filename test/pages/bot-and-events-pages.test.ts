// Developer portal Bot and Events tabs: profile and flags, avatar, authorization flow, token reset; webhook settings and the delivery log.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { EventsService } from '../../src/webhooks/events-service.js';
import { WebhookSender } from '../../src/webhooks/signed-post.js';
import { botAuth, call, createTestApp, registerUser, unchanged, type RegisteredUser, type TestApp } from '../helpers/app.js';
import { createApplication, getApplication } from '../helpers/applications.js';
import { alertText, csrfOf, postPage, postUpload, sessionCookie, type Fields } from '../helpers/pages.js';
import { solidPng } from '../helpers/png.js';
import { forEachDialect } from '../helpers/stores.js';
import { LOOPBACK_WEBHOOKS, startWebhookListener, type WebhookListener } from '../helpers/webhook-listener.js';

forEachDialect('developer portal bot and events pages', (dialect) => {
  let t: TestApp;
  let owner: RegisteredUser;
  let cookie: string;
  let csrf: string;
  let webhook: WebhookListener;

  const post = (url: string, fields: Fields) => postPage(t.app, url, cookie, { csrf_token: csrf, ...fields });
  const get = (url: string) => call(t.app, { method: 'GET', url, headers: { cookie } });
  const botMe = (token: string) => call(t.app, { method: 'GET', url: '/api/v1/applications/@me', headers: botAuth(token) });

  before(async () => {
    [t, webhook] = await Promise.all([createTestApp({ dialect, env: { GUILDGATE_RATE_LIMIT: 'off', ...LOOPBACK_WEBHOOKS } }), startWebhookListener()]);
    owner = await registerUser(t.app);
    cookie = sessionCookie(owner);
    csrf = await csrfOf(t.app, cookie);
  });
  after(async () => {
    await t.close();
    await webhook.close();
  });

  test('the bot profile saves username, discriminator, bio and flags; bad values are refused and change nothing', async () => {
    const app = await createApplication(t.app, owner);
    const path = `/developers/applications/${app.id}/bot`;
    const saved = await post(path, { username: 'helper.bot', discriminator: '0042', bio: 'I help', FRIENDLY_BOT_MANUAL_APPROVAL: 'on' });
    assert.equal(saved.statusCode, 303);
    assert.equal(saved.headers.location, `${path}?done=saved`);
    const { bot } = await getApplication(t.app, owner, app.id);
    assert.deepEqual([bot.username, bot.discriminator, bot.bio, bot.flags], ['helper.bot', '0042', 'I help', 32]);
    const page = await get(saved.headers.location as string);
    assert.match(page.body, /<strong>helper\.bot#0042<\/strong>/);
    assert.match(page.body, /id="f-FRIENDLY_BOT_MANUAL_APPROVAL" name="FRIENDLY_BOT_MANUAL_APPROVAL" value="on" checked/);

    const refusals: [Fields, string][] = [
      [{ username: 'no spaces', discriminator: '0042' }, 'Please fix the following: Username is not in the accepted format'],
      [{ username: 'helper.bot', discriminator: '0000' }, 'Please fix the following: Discriminator is not in the accepted format'],
      [{ username: 'helper.bot', discriminator: '0042', bio: 'x'.repeat(1025) }, 'Please fix the following: About me must not have more than 1024 characters'],
    ];
    for (const [fields, message] of refusals) {
      const response = await unchanged(t.db, () => post(path, fields));
      assert.equal(response.statusCode, 400);
      assert.equal(alertText(response.body), message);
    }
    const other = await createApplication(t.app, owner);
    const taken = await unchanged(t.db, () => post(`/developers/applications/${other.id}/bot`, { username: 'helper.bot', discriminator: '0042' }));
    assert.equal(taken.statusCode, 409);
    assert.equal(alertText(taken.body), 'That username and discriminator are taken');
  });

  test('the avatar upload and removal; the authorization flow switches', async () => {
    const app = await createApplication(t.app, owner);
    const path = `/developers/applications/${app.id}/bot`;
    const uploaded = await postUpload(
      t.app,
      `${path}/avatar`,
      cookie,
      { csrf_token: csrf },
      { field: 'avatar', filename: 'a.png', type: 'image/png', bytes: solidPng(4, [9, 9, 9]) },
    );
    assert.equal(uploaded.statusCode, 303);
    assert.match((await getApplication(t.app, owner, app.id)).bot.avatar, /^[0-9a-f]{64}$/);
    const wrongField = await unchanged(t.db, () =>
      postUpload(t.app, `${path}/avatar`, cookie, { csrf_token: csrf }, { field: 'icon', filename: 'a.png', type: 'image/png', bytes: solidPng(4, [9, 9, 9]) }),
    );
    assert.equal(alertText(wrongField.body), 'Please fix the following: Avatar is required: choose an image file');
    assert.equal((await post(`${path}/avatar/remove`, {})).statusCode, 303);
    assert.equal((await getApplication(t.app, owner, app.id)).bot.avatar, null);

    assert.equal((await post(`${path}/flow`, { bot_require_code_grant: 'on' })).statusCode, 303);
    const stored = await getApplication(t.app, owner, app.id);
    assert.deepEqual([stored.bot_public, stored.bot_require_code_grant], [false, true]);
  });

  test('resetting the bot token shows the new one once; the old one stops working', async () => {
    const app = await createApplication(t.app, owner);
    assert.equal((await botMe(app.bot.token)).statusCode, 200);
    const response = await post(`/developers/applications/${app.id}/bot/reset-token`, {});
    assert.equal(response.statusCode, 200);
    const token = /id="bot-token" value="([^"]+)"/.exec(response.body)![1]!;
    assert.equal((await botMe(app.bot.token)).statusCode, 401);
    assert.equal((await botMe(token)).statusCode, 200);
  });

  test('event settings: a URL is saved after its signed PING; an unreachable one is refused and changes nothing', async () => {
    const app = await createApplication(t.app, owner);
    const path = `/developers/applications/${app.id}/events`;
    const page = await get(path);
    assert.match(page.body, /No deliveries yet\./);
    const verifyKey = /id="verify-key" value="([0-9a-f]{64})"/.exec(page.body)![1]!;

    webhook.script = [500];
    const refused = await unchanged(t.db, () =>
      post(path, { event_webhooks_url: webhook.url, event_webhooks_types: 'APPLICATION_AUTHORIZED', event_webhooks_status: 'enabled' }),
    );
    assert.equal(refused.statusCode, 400);
    assert.equal(alertText(refused.body), 'The event webhook URL must answer a PING with 2xx: answered 500');
    assert.match(refused.body, new RegExp(`value="${webhook.url}"`), 'the URL stays in the form');
    const noUrl = await unchanged(t.db, () => post(path, { event_webhooks_url: '', event_webhooks_status: 'enabled' }));
    assert.equal(alertText(noUrl.body), 'Set event_webhooks_url before enabling event webhooks');

    const pings = webhook.received.length;
    const saved = await post(path, {
      event_webhooks_url: webhook.url,
      event_webhooks_types: ['APPLICATION_AUTHORIZED', 'INTEGRATION_CREATED'],
      event_webhooks_status: 'enabled',
    });
    assert.equal(saved.statusCode, 303);
    assert.equal(webhook.received.length, pings + 1);
    const settings = await call(t.app, {
      method: 'GET',
      url: `/api/v1/oauth2/applications/${app.id}/events/settings`,
      headers: { authorization: `Bearer ${owner.token}` },
    });
    assert.deepEqual(settings.data, {
      event_webhooks_url: webhook.url,
      event_webhooks_types: ['APPLICATION_AUTHORIZED', 'INTEGRATION_CREATED'],
      event_webhooks_status: 'enabled',
      verify_key: verifyKey,
    });

    const again = await post(path, { event_webhooks_url: webhook.url, event_webhooks_types: 'APPLICATION_AUTHORIZED', event_webhooks_status: 'disabled' });
    assert.equal(again.statusCode, 303);
    assert.equal(webhook.received.length, pings + 1, 'an unchanged URL is not PINGed again');
  });

  test('the delivery log lists attempts with their results', async () => {
    const app = await createApplication(t.app, owner);
    const path = `/developers/applications/${app.id}/events`;
    await post(path, { event_webhooks_url: webhook.url, event_webhooks_types: 'APPLICATION_DEAUTHORIZED', event_webhooks_status: 'enabled' });
    const user = { id: owner.id, username: owner.username, discriminator: '0', global_name: null, avatar: null, bot: false, system: false, flags: 0 };
    webhook.script = [503];
    const events = new EventsService(t.db.store, t.clock, new WebhookSender(t.config.webhooks));
    assert.ok(await t.db.store.transaction((tx) => events.enqueue(tx, app.id, 'APPLICATION_DEAUTHORIZED', { user })));
    assert.equal(await t.app.eventDelivery.runOnce(), 1);
    const page = await get(path);
    assert.match(page.body, /<td><code>APPLICATION_DEAUTHORIZED<\/code><br><span class="muted mono">\d+<\/span><\/td>\n<td>1<\/td>\n<td>HTTP 503/);
  });
});

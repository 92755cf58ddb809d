// Application events from consent, deauthorization, installs and removals: the right type and data, signed, and
// none from a refused install.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { bearer, call, createTestApp, registerUser, unchanged, type TestApp } from '../helpers/app.js';
import { addMember, createBotApp, createGuild, install, removeIntegration, type BotApp } from '../helpers/bot-install.js';
import { authorizeCode } from '../helpers/oauth.js';
import { forEachDialect } from '../helpers/stores.js';
import { LOOPBACK_WEBHOOKS, signatureValid, startWebhookListener, type WebhookListener } from '../helpers/webhook-listener.js';
import { newUserJson } from '../helpers/user-json.js';

const ALL_TYPES = ['APPLICATION_AUTHORIZED', 'APPLICATION_DEAUTHORIZED', 'INTEGRATION_CREATED', 'INTEGRATION_REMOVED'];

forEachDialect('application events from installs and grants', (dialect) => {
  let t: TestApp;
  let listener: WebhookListener;
  let bot: BotApp;
  let verifyKey: string;
  before(async () => {
    t = await createTestApp({ dialect, env: { GUILDGATE_RATE_LIMIT: 'off', ...LOOPBACK_WEBHOOKS } });
    listener = await startWebhookListener();
    const developer = await registerUser(t.app);
    bot = await createBotApp(t.app, developer);
    const settings = await call(t.app, {
      method: 'PATCH',
      url: `/api/v1/oauth2/applications/${bot.clientId}/events/settings`,
      headers: bearer(developer.token),
      payload: { event_webhooks_url: listener.url, event_webhooks_types: ALL_TYPES, event_webhooks_status: 'enabled' },
    });
    assert.equal(settings.statusCode, 200);
    verifyKey = settings.data.verify_key;
  });
  after(async () => {
    await listener.close();
    await t.close();
  });

  /** Delivers what is due and returns the events that arrived, as [type, data] sorted by type, after checking signatures. */
  async function delivered(): Promise<[string, unknown][]> {
    const before = listener.received.length;
    await t.app.eventDelivery.runOnce();
    const arrived = listener.received.slice(before);
    for (const request of arrived) assert.equal(signatureValid(request, verifyKey), true);
    return arrived
      .map((request) => JSON.parse(request.body).event)
      .map((event: { type: string; data: unknown }): [string, unknown] => [event.type, event.data])
      .sort(([a], [b]) => a.localeCompare(b));
  }

  test('approving a user authorization sends APPLICATION_AUTHORIZED; deauthorizing sends APPLICATION_DEAUTHORIZED', async () => {
    const user = await registerUser(t.app);
    await authorizeCode(t.app, user.token, bot, 'identify guilds');
    assert.deepEqual(await delivered(), [['APPLICATION_AUTHORIZED', { integration_type: 1, user: newUserJson(user), scopes: ['identify', 'guilds'] }]]);
    const revoked = await call(t.app, { method: 'DELETE', url: `/api/v1/oauth2/@me/authorizations/${bot.clientId}`, headers: bearer(user.token) });
    assert.equal(revoked.statusCode, 204);
    assert.deepEqual(await delivered(), [['APPLICATION_DEAUTHORIZED', { user: newUserJson(user) }]]);
    const again = await unchanged(t.db, () =>
      call(t.app, { method: 'DELETE', url: `/api/v1/oauth2/@me/authorizations/${bot.clientId}`, headers: bearer(user.token) }),
    );
    assert.equal(again.statusCode, 404);
  });

  test('an install sends APPLICATION_AUTHORIZED (guild install) and INTEGRATION_CREATED; a removal INTEGRATION_REMOVED with the guild', async () => {
    const owner = await registerUser(t.app);
    const guild = await createGuild(t.app, owner, 'Event Guild');
    assert.equal((await install(t.app, owner, bot, guild.id, '2048')).response.statusCode, 200);
    assert.deepEqual(await delivered(), [
      ['APPLICATION_AUTHORIZED', { integration_type: 0, user: newUserJson(owner), scopes: ['bot'], guild }],
      ['INTEGRATION_CREATED', { guild, user: newUserJson(owner), scopes: ['bot'], permissions: '2048' }],
    ]);
    assert.equal((await removeIntegration(t.app, owner, guild.id, bot.clientId)).statusCode, 204);
    assert.deepEqual(await delivered(), [['INTEGRATION_REMOVED', { guild, user: newUserJson(owner) }]]);
  });

  test('a refused install or removal writes no event', async () => {
    const owner = await registerUser(t.app);
    const guild = await createGuild(t.app, owner);
    const member = await registerUser(t.app);
    await addMember(t.app, owner, guild.id, member, '2048');
    await unchanged(t.db, () => install(t.app, member, bot, guild.id, '0'));
    assert.equal((await install(t.app, owner, bot, guild.id, '0')).response.statusCode, 200);
    await delivered();
    await unchanged(t.db, () => removeIntegration(t.app, member, guild.id, bot.clientId));
    assert.deepEqual(await delivered(), []);
  });
});

// Seed 000 end to end: install with guild_id -> redirect with code -> verify -> the bot reads the guild -> a manager
// removes it -> 403 for the bot, verify says not authorized, and a signed INTEGRATION_REMOVED reaches the app's listener.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { call, createTestApp, registerUser, type TestApp } from '../helpers/app.js';
import { addMember, botReadsGuild, createBotApp, createGuild, installWithCode, removeIntegration, verify } from '../helpers/bot-install.js';
import { enableEventWebhook } from '../helpers/event-webhooks.js';
import { forEachDialect } from '../helpers/stores.js';
import { LOOPBACK_WEBHOOKS, signatureValid, startWebhookListener, type WebhookListener } from '../helpers/webhook-listener.js';

const ICON = 'ab'.repeat(32);
/** MANAGE_GUILD, VIEW_CHANNEL and SEND_MESSAGES: every bit the bot is given, so the manager may remove it. */
const MANAGER_PERMISSIONS = '3104';

forEachDialect('seed 000 story', (dialect) => {
  let t: TestApp;
  let listener: WebhookListener;
  before(async () => {
    t = await createTestApp({ dialect, env: { GUILDGATE_RATE_LIMIT: 'off', ...LOOPBACK_WEBHOOKS } });
    listener = await startWebhookListener();
  });
  after(async () => {
    await listener.close();
    await t.close();
  });

  test('install, verify, read, removal by a manager: 403, not authorized, and a signed INTEGRATION_REMOVED event', async () => {
    const developer = await registerUser(t.app);
    const bot = await createBotApp(t.app, developer);
    const settings = await enableEventWebhook(t.app, developer, bot.clientId, listener.url, ['INTEGRATION_REMOVED']);
    assert.equal(settings.statusCode, 200);
    const verifyKey: string = settings.data.verify_key;

    const owner = await registerUser(t.app);
    const manager = await registerUser(t.app);
    const guild = await createGuild(t.app, owner, 'Miki Lounge', ICON);
    await addMember(t.app, owner, guild.id, manager, MANAGER_PERMISSIONS);

    // 1. A manager installs the bot into the guild named by guild_id and is redirected back with a code.
    const first = await installWithCode(t.app, manager, bot, guild.id, '2048');
    assert.equal(`${first.redirect.origin}${first.redirect.pathname}`, bot.redirectUri);
    assert.deepEqual([...first.redirect.searchParams.keys()], ['code', 'state', 'guild_id', 'permissions', 'iss']);
    assert.deepEqual(
      ['state', 'guild_id', 'permissions', 'iss'].map((name) => first.redirect.searchParams.get(name)),
      ['install-state', guild.id, '2048', t.config.issuer],
    );

    // 2. The app's backend verifies the code: authorized, with the guild.
    const verified = await verify(t.app, { client_id: bot.clientId, code: first.code, code_verifier: first.verifier });
    assert.equal(verified.statusCode, 200);
    assert.deepEqual(verified.data, {
      authorized: true,
      guild: { id: guild.id, name: 'Miki Lounge', avatarUrl: `${t.config.issuer}/icons/${guild.id}/${ICON}` },
    });
    const icon = await call(t.app, { method: 'GET', url: new URL(verified.data.guild.avatarUrl).pathname });
    assert.equal(icon.statusCode, 200, 'the avatarUrl answers');

    // 3. The bot reads the guild.
    const read = await botReadsGuild(t.app, bot, guild.id);
    assert.equal(read.statusCode, 200);
    assert.deepEqual(read.data, guild);

    // The owner authorizes the bot again (new permissions); the app has not verified that code yet.
    const second = await installWithCode(t.app, owner, bot, guild.id, '3072');

    // 4. A manager removes the integration.
    const removed = await removeIntegration(t.app, manager, guild.id, bot.clientId);
    assert.equal(removed.statusCode, 204);

    // 5. Every request of the app for that guild answers 403; verify says not authorized.
    const refused = await botReadsGuild(t.app, bot, guild.id);
    assert.equal(refused.statusCode, 403);
    assert.deepEqual(refused.data, { code: 'MISSING_ACCESS', message: 'You are not a member of this guild' });
    const afterRemoval = await verify(t.app, { client_id: bot.clientId, code: second.code, code_verifier: second.verifier });
    assert.equal(afterRemoval.statusCode, 200);
    assert.deepEqual(afterRemoval.data, { authorized: false, guild: null });
    const replay = await verify(t.app, { client_id: bot.clientId, code: first.code, code_verifier: first.verifier });
    assert.deepEqual([replay.statusCode, replay.data.error], [400, 'invalid_grant']);

    // 6. The removal reaches the app: one signed INTEGRATION_REMOVED, verifiable with its hex verify_key.
    assert.equal(listener.received.length, 1, 'only the PING so far');
    assert.equal(await t.app.eventDelivery.runOnce(), 1);
    assert.equal(listener.received.length, 2);
    const delivery = listener.received[1]!;
    assert.equal(delivery.method, 'POST');
    assert.equal(signatureValid(delivery, verifyKey), true);
    assert.equal(signatureValid({ ...delivery, body: delivery.body.replace('Miki Lounge', 'Miki L0unge') }, verifyKey), false);
    const body = JSON.parse(delivery.body);
    assert.deepEqual(body, {
      version: 1,
      id: body.id,
      application_id: bot.clientId,
      type: 1,
      event: {
        type: 'INTEGRATION_REMOVED',
        timestamp: new Date(t.clock.now()).toISOString(),
        data: {
          guild,
          user: { id: manager.id, username: manager.username, discriminator: '0', global_name: null, avatar: null, bot: false, system: false, flags: 0 },
        },
      },
    });
    assert.match(body.id, /^\d+$/);
  });
});

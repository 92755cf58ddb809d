// The application object as Discord and seed 002 shape it: verify_key and the event webhook fields on
// PATCH /oauth2/applications/{id} (strings on /api/v1, Discord's integers on Discord prefixes), the bot's MFA fields.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { bearer, call, createTestApp, registerUser, unchanged, type RegisteredUser, type TestApp } from '../helpers/app.js';
import { createApplication } from '../helpers/applications.js';
import { LOOPBACK_WEBHOOKS, startWebhookListener, type WebhookListener } from '../helpers/webhook-listener.js';

describe('application object', () => {
  let t: TestApp;
  let listener: WebhookListener;
  let owner: RegisteredUser;
  before(async () => {
    t = await createTestApp({ env: { GUILDGATE_WEBHOOK_TIMEOUT: '5000', GUILDGATE_RATE_LIMIT: 'off', ...LOOPBACK_WEBHOOKS } });
    listener = await startWebhookListener();
    owner = await registerUser(t.app);
  });
  after(async () => {
    await listener.close();
    await t.close();
  });

  const patch = (prefix: string, id: string, payload: object) =>
    call(t.app, { method: 'PATCH', url: `${prefix}/oauth2/applications/${id}`, headers: bearer(owner.token), payload });

  test('PATCH on /api/v1 takes and answers event_webhooks_* with string statuses beside seed 002 fields', async () => {
    const created = await createApplication(t.app, owner);
    const response = await patch('/api/v1', created.id, {
      name: 'Renamed',
      event_webhooks_url: listener.url,
      event_webhooks_types: ['APPLICATION_AUTHORIZED'],
      event_webhooks_status: 'enabled',
    });
    assert.equal(response.statusCode, 200, response.body);
    assert.equal(response.data.name, 'Renamed');
    assert.equal(response.data.event_webhooks_url, listener.url);
    assert.deepEqual(response.data.event_webhooks_types, ['APPLICATION_AUTHORIZED']);
    assert.equal(response.data.event_webhooks_status, 'enabled');
    const settings = await call(t.app, { method: 'GET', url: `/api/v1/oauth2/applications/${created.id}/events/settings`, headers: bearer(owner.token) });
    assert.equal(settings.data.verify_key, response.data.verify_key);
    assert.equal(settings.data.event_webhooks_status, 'enabled');
    assert.equal(listener.received.length, 1, 'the new URL was PINGed');
  });

  test('on Discord prefixes the status is Discord’s integer (1 disabled, 2 enabled), both ways', async () => {
    const created = await createApplication(t.app, owner);
    const enabled = await patch('/api/v10', created.id, {
      event_webhooks_url: listener.url,
      event_webhooks_types: ['APPLICATION_AUTHORIZED'],
      event_webhooks_status: 2,
    });
    assert.equal(enabled.statusCode, 200, enabled.body);
    assert.equal(enabled.data.event_webhooks_status, 2);
    const read = await call(t.app, { method: 'GET', url: `/api/v10/oauth2/applications/${created.id}`, headers: bearer(owner.token) });
    assert.equal(read.data.event_webhooks_status, 2);
    assert.equal(
      (await call(t.app, { method: 'GET', url: `/api/v1/oauth2/applications/${created.id}`, headers: bearer(owner.token) })).data.event_webhooks_status,
      'enabled',
    );
    const disabled = await patch('/api/v10', created.id, { event_webhooks_status: 1 });
    assert.equal(disabled.data.event_webhooks_status, 1);
  });

  test('the other prefix’s status form, a bad URL and an unknown type are refused and change nothing', async () => {
    const created = await createApplication(t.app, owner);
    await unchanged(t.db, async () => {
      const intOnV1 = await patch('/api/v1', created.id, { name: 'No', event_webhooks_status: 2 });
      assert.equal(intOnV1.statusCode, 400);
      assert.deepEqual(intOnV1.data.errors, [{ field: 'event_webhooks_status', message: 'must be enabled or disabled' }]);
      const stringOnDiscord = await patch('/api/v10', created.id, { name: 'No', event_webhooks_status: 'enabled' });
      assert.equal(stringOnDiscord.statusCode, 400);
      assert.deepEqual(stringOnDiscord.data, {
        code: 50035,
        message: 'Invalid Form Body',
        errors: { event_webhooks_status: { _errors: [{ code: 'BASE_TYPE_INVALID', message: 'must be 1 (disabled) or 2 (enabled)' }] } },
      });
      const badUrl = await patch('/api/v1', created.id, { name: 'No', event_webhooks_url: 'ftp://example.com/hook' });
      assert.equal(badUrl.statusCode, 400);
      assert.equal(badUrl.data.errors[0].field, 'event_webhooks_url');
      const badType = await patch('/api/v1', created.id, { name: 'No', event_webhooks_types: ['NOPE'] });
      assert.equal(badType.statusCode, 400);
    });
  });

  test('verify_key is the hex Ed25519 key; the bot has mfa_enabled false and no authenticator types', async () => {
    const created = await createApplication(t.app, owner);
    assert.equal(created.bot.mfa_enabled, false);
    assert.deepEqual(created.bot.authenticator_types, []);
    const read = await call(t.app, { method: 'GET', url: `/api/v1/oauth2/applications/${created.id}`, headers: bearer(owner.token) });
    assert.match(read.data.verify_key, /^[0-9a-f]{64}$/);
    const pub = await call(t.app, { method: 'GET', url: `/api/v1/oauth2/applications/${created.id}/public` });
    assert.ok(pub.data.scopes.includes('guilds.join') && pub.data.scopes.includes('connections'));
  });
});

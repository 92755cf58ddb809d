// Event webhook settings: owner-only, URL rules, a URL saved only after it answers a signed PING with 2xx, and no
// internal targets (loopback, private, link-local, names resolving to them) without GUILDGATE_WEBHOOK_ALLOW_PRIVATE.
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { EventsService } from '../../src/webhooks/events-service.js';
import { WebhookSender } from '../../src/webhooks/signed-post.js';
import { generateSigningKeyPair } from '../../src/webhooks/signing.js';
import { bearer, call, createTestApp, registerUser, unchanged, type RegisteredUser, type TestApp } from '../helpers/app.js';
import { seedApplication } from '../helpers/seed-application.js';
import { forEachDialect } from '../helpers/stores.js';
import { LOOPBACK_WEBHOOKS, signatureValid, startWebhookListener, type WebhookListener } from '../helpers/webhook-listener.js';

forEachDialect('event webhook settings', (dialect) => {
  let t: TestApp;
  let listener: WebhookListener;
  before(async () => {
    t = await createTestApp({ dialect, env: { GUILDGATE_WEBHOOK_TIMEOUT: '300', ...LOOPBACK_WEBHOOKS } });
    listener = await startWebhookListener();
  });
  after(async () => {
    await listener.close();
    await t.close();
  });

  const settingsUrl = (id: string) => `/api/v1/oauth2/applications/${id}/events/settings`;
  const getSettings = (user: RegisteredUser, id: string) => call(t.app, { method: 'GET', url: settingsUrl(id), headers: bearer(user.token) });
  const patchSettings = (user: RegisteredUser, id: string, payload: object) =>
    call(t.app, { method: 'PATCH', url: settingsUrl(id), headers: bearer(user.token), payload });

  async function ownedApplication() {
    const owner = await registerUser(t.app);
    return { owner, application: await seedApplication(t.db.store, owner.id) };
  }

  test('defaults: no URL, no types, disabled, and a verify key that stays the same', async () => {
    const { owner, application } = await ownedApplication();
    const first = await getSettings(owner, application.id);
    assert.equal(first.statusCode, 200);
    assert.match(first.data.verify_key, /^[0-9a-f]{64}$/);
    assert.deepEqual(first.data, { event_webhooks_url: null, event_webhooks_types: [], event_webhooks_status: 'disabled', verify_key: first.data.verify_key });
    assert.deepEqual((await getSettings(owner, application.id)).data, first.data);
  });

  test('only the owner sees or changes the settings (others get 404 UNKNOWN_APPLICATION)', async () => {
    const { application } = await ownedApplication();
    const stranger = await registerUser(t.app);
    const unknown = { code: 'UNKNOWN_APPLICATION', message: 'Unknown application' };
    for (const request of [
      () => getSettings(stranger, application.id),
      () => patchSettings(stranger, application.id, { event_webhooks_url: listener.url }),
      () => call(t.app, { method: 'GET', url: `/api/v1/oauth2/applications/${application.id}/events/deliveries`, headers: bearer(stranger.token) }),
      () => getSettings(stranger, '987654321'),
    ]) {
      const response = await unchanged(t.db, request);
      assert.deepEqual([response.statusCode, response.data], [404, unknown]);
    }
    assert.equal((await call(t.app, { method: 'GET', url: settingsUrl(application.id) })).statusCode, 401);
  });

  test('a URL answering the signed PING with 204 is saved with its types and status', async () => {
    const { owner, application } = await ownedApplication();
    const pings = listener.received.length;
    const saved = await patchSettings(owner, application.id, {
      event_webhooks_url: listener.url,
      event_webhooks_types: ['INTEGRATION_CREATED', 'INTEGRATION_REMOVED'],
      event_webhooks_status: 'enabled',
    });
    assert.equal(saved.statusCode, 200);
    assert.deepEqual(saved.data, {
      event_webhooks_url: listener.url,
      event_webhooks_types: ['INTEGRATION_CREATED', 'INTEGRATION_REMOVED'],
      event_webhooks_status: 'enabled',
      verify_key: saved.data.verify_key,
    });
    assert.deepEqual((await getSettings(owner, application.id)).data, saved.data);
    const ping = listener.received[pings]!;
    assert.equal(listener.received.length, pings + 1);
    assert.deepEqual([ping.method, ping.path, ping.headers['content-type']], ['POST', '/events', 'application/json']);
    assert.equal(ping.body, JSON.stringify({ version: 1, application_id: application.id, type: 0 }));
    assert.equal(ping.headers['x-signature-timestamp'], String(Math.floor(t.clock.now() / 1000)));
    assert.equal(signatureValid(ping, saved.data.verify_key), true);

    const disabled = await patchSettings(owner, application.id, { event_webhooks_status: 'disabled' });
    assert.deepEqual([disabled.data.event_webhooks_url, disabled.data.event_webhooks_status], [listener.url, 'disabled']);
    assert.equal(listener.received.length, pings + 1, 'no PING without a new URL');
    const removed = await patchSettings(owner, application.id, { event_webhooks_url: null });
    assert.deepEqual(removed.data, { ...saved.data, event_webhooks_url: null, event_webhooks_status: 'disabled' });
  });

  test('a URL answering 500, refusing connections or too slow is refused (400) and nothing is saved', async () => {
    const { owner, application } = await ownedApplication();
    listener.script.push(500);
    const failing = await unchanged(t.db, () => patchSettings(owner, application.id, { event_webhooks_url: listener.url, event_webhooks_status: 'enabled' }));
    assert.equal(failing.statusCode, 400);
    assert.deepEqual(failing.data, {
      code: 'EVENT_WEBHOOK_UNREACHABLE',
      message: 'The event webhook URL must answer a PING with 2xx: answered 500',
    });

    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const closedPort = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const refused = await unchanged(t.db, () => patchSettings(owner, application.id, { event_webhooks_url: `http://127.0.0.1:${closedPort}/x` }));
    assert.deepEqual([refused.statusCode, refused.data.message], [400, 'The event webhook URL must answer a PING with 2xx: unreachable']);

    const hanging = http.createServer(() => {});
    await new Promise<void>((resolve) => hanging.listen(0, '127.0.0.1', resolve));
    try {
      const slowUrl = `http://127.0.0.1:${(hanging.address() as AddressInfo).port}/slow`;
      const slow = await unchanged(t.db, () => patchSettings(owner, application.id, { event_webhooks_url: slowUrl }));
      assert.deepEqual([slow.statusCode, slow.data.message], [400, 'The event webhook URL must answer a PING with 2xx: timed out']);
    } finally {
      hanging.closeAllConnections();
      await new Promise<void>((resolve) => hanging.close(() => resolve()));
    }
  });

  test('bad URLs and bad fields are refused before any PING, changing nothing', async () => {
    const { owner, application } = await ownedApplication();
    await getSettings(owner, application.id);
    const pings = listener.received.length;
    const urlCases: [string, string][] = [
      ['ftp://127.0.0.1/events', 'must use https or http'],
      ['https://user:pw@example.com/events', 'must not contain credentials'],
      ['https://example.com/events#frag', 'must not contain a fragment'],
      ['/relative', 'must be an absolute URL'],
    ];
    for (const [url, message] of urlCases) {
      const response = await unchanged(t.db, () => patchSettings(owner, application.id, { event_webhooks_url: url }));
      assert.equal(response.statusCode, 400, url);
      assert.deepEqual(response.data, {
        code: 'INVALID_FORM_BODY',
        message: `Invalid event_webhooks_url: ${message}`,
        errors: [{ field: 'event_webhooks_url', message }],
      });
    }
    const fieldCases: [object, string][] = [
      [{}, 'body'],
      [{ event_webhooks_types: ['NOT_A_TYPE'] }, 'event_webhooks_types.0'],
      [{ event_webhooks_types: ['INTEGRATION_CREATED', 'INTEGRATION_CREATED'] }, 'event_webhooks_types'],
      [{ event_webhooks_status: 'on' }, 'event_webhooks_status'],
      [{ event_webhooks_url: '' }, 'event_webhooks_url'],
      [{ verify_key: 'mine' }, 'verify_key'],
    ];
    for (const [payload, field] of fieldCases) {
      const response = await unchanged(t.db, () => patchSettings(owner, application.id, payload));
      assert.equal(response.statusCode, 400, JSON.stringify(payload));
      assert.equal(response.data.errors[0].field, field, JSON.stringify(payload));
    }
    const enableWithoutUrl = await unchanged(t.db, () => patchSettings(owner, application.id, { event_webhooks_status: 'enabled' }));
    assert.deepEqual(
      [enableWithoutUrl.statusCode, enableWithoutUrl.data],
      [400, { code: 'EVENT_WEBHOOK_URL_REQUIRED', message: 'Set event_webhooks_url before enabling event webhooks' }],
    );
    assert.equal(listener.received.length, pings);
  });
});

forEachDialect('event webhook targets without GUILDGATE_WEBHOOK_ALLOW_PRIVATE', (dialect) => {
  let t: TestApp;
  let listener: WebhookListener;
  const NOT_ALLOWED = { code: 'EVENT_WEBHOOK_UNREACHABLE', message: 'The event webhook URL must answer a PING with 2xx: not allowed' };
  before(async () => {
    const names: Record<string, string> = { 'hooks.internal.test': '127.0.0.1', 'metadata.internal.test': '169.254.169.254' };
    const resolve = async (hostname: string) => {
      const address = names[hostname];
      if (!address) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
      return [{ address, family: 4 }];
    };
    t = await createTestApp({ dialect, resolve });
    listener = await startWebhookListener();
  });
  after(async () => {
    await listener.close();
    await t.close();
  });

  const patchSettings = (user: RegisteredUser, id: string, payload: object) =>
    call(t.app, { method: 'PATCH', url: `/api/v1/oauth2/applications/${id}/events/settings`, headers: bearer(user.token), payload });

  test('plain http is refused before any PING, even to a public host', async () => {
    const owner = await registerUser(t.app);
    const application = await seedApplication(t.db.store, owner.id);
    for (const url of ['http://example.com/events', listener.url]) {
      const response = await unchanged(t.db, () => patchSettings(owner, application.id, { event_webhooks_url: url }));
      assert.deepEqual(
        [response.statusCode, response.data],
        [
          400,
          {
            code: 'INVALID_FORM_BODY',
            message: 'Invalid event_webhooks_url: must use https',
            errors: [{ field: 'event_webhooks_url', message: 'must use https' }],
          },
        ],
      );
    }
    assert.equal(listener.received.length, 0);
  });

  test('loopback, IPv4-mapped, link-local and private targets, literal or by name, are not allowed and never contacted', async () => {
    const owner = await registerUser(t.app);
    const application = await seedApplication(t.db.store, owner.id);
    const port = new URL(listener.url).port;
    for (const url of [
      `https://127.0.0.1:${port}/events`,
      `https://[::ffff:127.0.0.1]:${port}/events`,
      'https://169.254.169.254/latest/meta-data/',
      'https://10.0.0.1/events',
      `https://hooks.internal.test:${port}/events`,
      'https://metadata.internal.test/latest/meta-data/',
    ]) {
      const response = await unchanged(t.db, () => patchSettings(owner, application.id, { event_webhooks_url: url, event_webhooks_status: 'enabled' }));
      assert.deepEqual([response.statusCode, response.data], [400, NOT_ALLOWED], url);
    }
    assert.equal(listener.received.length, 0);
  });

  test('a stored loopback URL is not delivered to: the delivery log says only "not allowed"', async () => {
    const owner = await registerUser(t.app);
    const application = await seedApplication(t.db.store, owner.id);
    const keys = generateSigningKeyPair();
    await t.db.store.events.saveSettings({ applicationId: application.id, url: listener.url, types: ['INTEGRATION_REMOVED'], status: 'enabled', ...keys });
    const events = new EventsService(t.db.store, t.clock, new WebhookSender(t.config.webhooks));
    const id = await t.db.store.transaction((tx) =>
      events.enqueue(tx, application.id, 'INTEGRATION_REMOVED', { guild: { id: '111', name: 'Lounge', icon: null, owner_id: '222' } }),
    );
    assert.equal(await t.app.eventDelivery.runOnce(), 1);
    const log = await call(t.app, { method: 'GET', url: `/api/v1/oauth2/applications/${application.id}/events/deliveries`, headers: bearer(owner.token) });
    assert.deepEqual(
      log.data.map((d: { event_id: string; status_code: number | null; error: string | null }) => [d.event_id, d.status_code, d.error]),
      [[id, null, 'not allowed']],
    );
    assert.equal(listener.received.length, 0);
  });
});

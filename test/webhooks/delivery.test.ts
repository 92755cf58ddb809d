// Event delivery: transactional enqueue, signed Discord-shaped bodies, retries with growing backoff, the delivery log,
// giving up, single delivery under concurrent workers, and pending events surviving a restart.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { toIso } from '../../src/clock.js';
import { DeliveryWorker } from '../../src/webhooks/delivery-worker.js';
import type { EventData } from '../../src/webhooks/event-types.js';
import { EventsService } from '../../src/webhooks/events-service.js';
import { WebhookSender } from '../../src/webhooks/signed-post.js';
import { bearer, call, createTestApp, registerUser, testConfig, type RegisteredUser, type TestApp } from '../helpers/app.js';
import { FrozenClock } from '../helpers/clock.js';
import { enableEventWebhook } from '../helpers/event-webhooks.js';
import { seedApplication } from '../helpers/seed-application.js';
import { forEachDialect, openTestStore } from '../helpers/stores.js';
import { LOOPBACK_WEBHOOKS, signatureValid, startWebhookListener, type WebhookListener } from '../helpers/webhook-listener.js';

const ENV = { GUILDGATE_WEBHOOK_MAX_ATTEMPTS: '3', GUILDGATE_WEBHOOK_TIMEOUT: '1000', ...LOOPBACK_WEBHOOKS };
const USER = { id: '333', username: 'installer', discriminator: '0', global_name: null, avatar: null, bot: false, system: false, flags: 0 };
const GUILD = { id: '111', name: 'Miki Lounge', icon: null, owner_id: '222' };
const REMOVED: EventData['INTEGRATION_REMOVED'] = { guild: GUILD };

forEachDialect('event delivery', (dialect) => {
  let t: TestApp;
  let listener: WebhookListener;
  let events: EventsService;
  before(async () => {
    t = await createTestApp({ dialect, env: ENV });
    listener = await startWebhookListener();
    events = new EventsService(t.db.store, t.clock, new WebhookSender(t.config.webhooks));
  });
  after(async () => {
    await listener.close();
    await t.close();
  });

  /** An application whose webhook (PING-checked) takes `types`. */
  async function subscribedApplication(types: string[] = ['INTEGRATION_REMOVED']) {
    const owner = await registerUser(t.app);
    const application = await seedApplication(t.db.store, owner.id);
    const settings = await enableEventWebhook(t.app, owner, application.id, listener.url, types);
    assert.equal(settings.statusCode, 200);
    return { owner, application, verifyKey: settings.data.verify_key as string };
  }

  const deliveries = async (owner: RegisteredUser, applicationId: string) =>
    (await call(t.app, { method: 'GET', url: `/api/v1/oauth2/applications/${applicationId}/events/deliveries`, headers: bearer(owner.token) })).data;

  test('only enabled, subscribed applications get events, and only when the caller commits', async () => {
    const { application } = await subscribedApplication(['INTEGRATION_CREATED']);
    const store = t.db.store;
    assert.equal(await store.transaction((tx) => events.enqueue(tx, application.id, 'INTEGRATION_REMOVED', REMOVED)), null, 'not subscribed');
    const unsubscribed = await seedApplication(store, application.ownerId);
    assert.equal(await store.transaction((tx) => events.enqueue(tx, unsubscribed.id, 'INTEGRATION_REMOVED', REMOVED)), null, 'no settings');
    await assert.rejects(
      store.transaction(async (tx) => {
        const id = await events.enqueue(tx, application.id, 'INTEGRATION_CREATED', { guild: GUILD, user: USER, scopes: ['bot'], permissions: '8' });
        assert.match(String(id), /^\d+$/);
        throw new Error('the install failed');
      }),
      /the install failed/,
    );
    assert.equal(await t.app.eventDelivery.runOnce(), 0, 'the rolled-back event is not in the outbox');
  });

  test('a failing endpoint is retried with growing backoff until it answers 2xx; every attempt is logged and signed', async () => {
    const { owner, application, verifyKey } = await subscribedApplication();
    const before = listener.received.length;
    listener.script.push(500, 503);
    const enqueuedAt = t.clock.now();
    const id = (await t.db.store.transaction((tx) => events.enqueue(tx, application.id, 'INTEGRATION_REMOVED', REMOVED)))!;

    assert.equal(await t.app.eventDelivery.runOnce(), 1);
    const first = (await t.db.store.events.findEvent(id))!;
    assert.deepEqual([first.status, first.attempts, first.lastStatus, first.deliveredAt], ['pending', 1, 500, null]);
    const firstDelay = first.nextAttemptAt - t.clock.now();
    assert.ok(firstDelay >= 2_500 && firstDelay <= 5_000, `first backoff ${firstDelay} ms`);
    assert.equal(await t.app.eventDelivery.runOnce(), 0, 'not due yet');

    t.clock.advance(5);
    assert.equal(await t.app.eventDelivery.runOnce(), 1);
    const second = (await t.db.store.events.findEvent(id))!;
    assert.deepEqual([second.status, second.attempts, second.lastStatus], ['pending', 2, 503]);
    const secondDelay = second.nextAttemptAt - t.clock.now();
    assert.ok(secondDelay >= 5_000 && secondDelay <= 10_000, `second backoff ${secondDelay} ms`);
    t.clock.advance(4);
    assert.equal(await t.app.eventDelivery.runOnce(), 0, secondDelay > 4_000 ? 'still backing off' : 'due');

    t.clock.advance(6);
    assert.equal(await t.app.eventDelivery.runOnce(), 1);
    const delivered = (await t.db.store.events.findEvent(id))!;
    assert.deepEqual([delivered.status, delivered.attempts, delivered.lastStatus, delivered.deliveredAt], ['delivered', 3, 204, t.clock.now()]);
    const sent = listener.received.slice(before);
    assert.equal(sent.length, 3);
    const body = JSON.stringify({
      version: 1,
      id,
      application_id: application.id,
      type: 1,
      event: { type: 'INTEGRATION_REMOVED', timestamp: toIso(enqueuedAt), data: { guild: GUILD } },
    });
    for (const request of sent) {
      assert.equal(request.body, body, 'the same body on every attempt');
      assert.equal(signatureValid(request, verifyKey), true);
    }
    assert.deepEqual(
      sent.map((request) => Number(request.headers['x-signature-timestamp'])),
      [enqueuedAt / 1000, enqueuedAt / 1000 + 5, enqueuedAt / 1000 + 15],
    );
    const log = await deliveries(owner, application.id);
    assert.deepEqual(
      log.map(({ duration_ms, ...entry }: { duration_ms: number }) => {
        assert.ok(Number.isInteger(duration_ms) && duration_ms >= 0);
        return entry;
      }),
      [
        { event_id: id, event_type: 'INTEGRATION_REMOVED', attempt: 3, at: toIso(enqueuedAt + 15_000), status_code: 204, error: null },
        { event_id: id, event_type: 'INTEGRATION_REMOVED', attempt: 2, at: toIso(enqueuedAt + 5_000), status_code: 503, error: null },
        { event_id: id, event_type: 'INTEGRATION_REMOVED', attempt: 1, at: toIso(enqueuedAt), status_code: 500, error: null },
      ],
    );
    t.clock.advance(3600);
    assert.equal(await t.app.eventDelivery.runOnce(), 0, 'delivered events are never sent again');
  });

  test('after the last allowed attempt an event is failed and left alone', async () => {
    const { owner, application } = await subscribedApplication();
    listener.script.push(500, 500, 500);
    const id = (await t.db.store.transaction((tx) => events.enqueue(tx, application.id, 'INTEGRATION_REMOVED', REMOVED)))!;
    for (let attempt = 0; attempt < 3; attempt++) {
      assert.equal(await t.app.eventDelivery.runOnce(), 1);
      t.clock.advance(60);
    }
    const failed = (await t.db.store.events.findEvent(id))!;
    assert.deepEqual([failed.status, failed.attempts, failed.lastStatus], ['failed', 3, 500]);
    assert.equal(await t.app.eventDelivery.runOnce(), 0);
    assert.deepEqual(
      (await deliveries(owner, application.id)).map((d: { status_code: number }) => d.status_code),
      [500, 500, 500],
    );
  });

  test('two workers polling together send each attempt once', async () => {
    const { application } = await subscribedApplication();
    const before = listener.received.length;
    const id = (await t.db.store.transaction((tx) => events.enqueue(tx, application.id, 'INTEGRATION_REMOVED', REMOVED)))!;
    const sender = new WebhookSender(t.config.webhooks);
    const other = new DeliveryWorker(t.db.store, t.clock, t.config.webhooks, sender, (error) => assert.fail(String(error)));
    const attempts = await Promise.all([t.app.eventDelivery.runOnce(), other.runOnce(), t.app.eventDelivery.runOnce()]);
    await sender.close();
    assert.equal(
      attempts.reduce((a, b) => a + b),
      1,
    );
    assert.equal(listener.received.length, before + 1);
    assert.equal((await t.db.store.events.findEvent(id))?.status, 'delivered');
    assert.equal(await t.db.store.events.claim(id, 0, t.clock.now(), t.clock.now()), false, 'a stale claim loses');
  });

  test("an application's events go out one at a time in the order written; a retried one holds back the later ones, not other applications'", async () => {
    const first = await subscribedApplication();
    const second = await subscribedApplication();
    const before = listener.received.length;
    listener.script.push(500);
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push((await t.db.store.transaction((tx) => events.enqueue(tx, first.application.id, 'INTEGRATION_REMOVED', REMOVED)))!);
    assert.equal(await t.app.eventDelivery.runOnce(), 1, 'the first event answered 500');
    assert.deepEqual(await Promise.all(ids.map(async (id) => (await t.db.store.events.findEvent(id))?.attempts)), [1, 0, 0]);
    const other = (await t.db.store.transaction((tx) => events.enqueue(tx, second.application.id, 'INTEGRATION_REMOVED', REMOVED)))!;
    assert.equal(await t.app.eventDelivery.runOnce(), 1, "only the other application's event: the later two wait for the first");
    assert.equal((await t.db.store.events.findEvent(other))?.status, 'delivered');

    t.clock.advance(5);
    assert.equal(await t.app.eventDelivery.runOnce(), 3, 'the retry, then the two that waited, in one round');
    const sent = listener.received.slice(before).map((request) => JSON.parse(request.body).id as string);
    assert.deepEqual(sent, [ids[0], other, ids[0], ids[1], ids[2]]);
    for (const id of ids) assert.equal((await t.db.store.events.findEvent(id))?.status, 'delivered');
  });

  test('an attempt that never reports (its node died) is retried once its lease lapses, and a late report does not undo the retry', async () => {
    const { owner, application } = await subscribedApplication();
    const before = listener.received.length;
    const [id, later] = [
      (await t.db.store.transaction((tx) => events.enqueue(tx, application.id, 'INTEGRATION_REMOVED', REMOVED)))!,
      (await t.db.store.transaction((tx) => events.enqueue(tx, application.id, 'INTEGRATION_REMOVED', REMOVED)))!,
    ];
    const claimedAt = t.clock.now();
    assert.equal(await t.db.store.events.claim(id, 0, claimedAt, claimedAt + t.config.webhooks.leaseMs), true, 'a worker that then dies');
    assert.equal(await t.db.store.events.claim(later, 0, claimedAt, claimedAt + t.config.webhooks.leaseMs), false, 'the later event waits');
    assert.equal(await t.app.eventDelivery.runOnce(), 0, 'leased: nobody else sends it, nor the event after it');

    t.clock.advance(t.config.webhooks.leaseMs / 1000);
    assert.equal(await t.app.eventDelivery.runOnce(), 2);
    const late = { status: 'pending' as const, nextAttemptAt: t.clock.now(), deliveredAt: null, lastStatus: 500, lastError: null };
    await t.db.store.events.finishAttempt(id, 1, late, null);
    const retried = (await t.db.store.events.findEvent(id))!;
    assert.deepEqual([retried.status, retried.attempts, retried.lastStatus], ['delivered', 2, 204]);
    assert.deepEqual(
      listener.received.slice(before).map((request) => JSON.parse(request.body).id),
      [id, later],
    );
    assert.deepEqual(
      (await deliveries(owner, application.id)).map((d: { event_id: string; attempt: number }) => [d.event_id, d.attempt]),
      [
        [later, 1],
        [id, 2],
      ],
    );
  });

  test('events for a webhook disabled before delivery are dropped without a request', async () => {
    const { owner, application } = await subscribedApplication();
    const before = listener.received.length;
    const id = (await t.db.store.transaction((tx) => events.enqueue(tx, application.id, 'INTEGRATION_REMOVED', REMOVED)))!;
    await call(t.app, {
      method: 'PATCH',
      url: `/api/v1/oauth2/applications/${application.id}/events/settings`,
      headers: bearer(owner.token),
      payload: { event_webhooks_status: 'disabled' },
    });
    assert.equal(await t.app.eventDelivery.runOnce(), 1);
    const dropped = (await t.db.store.events.findEvent(id))!;
    assert.deepEqual([dropped.status, dropped.lastError], ['failed', 'dropped: event webhooks disabled or no longer subscribed to this type']);
    assert.equal(listener.received.length, before);
  });
});

forEachDialect('event delivery across restarts', (dialect) => {
  test("a pending event survives closing the app; the next app's worker delivers it on its own", async () => {
    const db = await openTestStore(dialect);
    const listener = await startWebhookListener();
    const clock = new FrozenClock();
    try {
      const first = await buildApp({ config: testConfig(ENV), store: db.store, clock, logger: false });
      await first.ready();
      const owner = await registerUser(first);
      const application = await seedApplication(db.store, owner.id);
      const settings = await enableEventWebhook(first, owner, application.id, listener.url, ['INTEGRATION_REMOVED']);
      const id = (await db.store.transaction((tx) =>
        new EventsService(db.store, clock, new WebhookSender(testConfig(ENV).webhooks)).enqueue(tx, application.id, 'INTEGRATION_REMOVED', REMOVED),
      ))!;
      await first.close();
      assert.equal(listener.received.length, 1, 'only the PING');
      assert.equal((await db.store.events.findEvent(id))?.status, 'pending');

      const second = await buildApp({ config: testConfig({ ...ENV, GUILDGATE_WEBHOOK_POLL_INTERVAL: '20' }), store: db.store, clock, logger: false });
      await second.ready();
      try {
        for (let waited = 0; listener.received.length < 2 && waited < 5_000; waited += 20) await new Promise((resolve) => setTimeout(resolve, 20));
      } finally {
        await second.close();
      }
      assert.equal(listener.received.length, 2);
      assert.equal(JSON.parse(listener.received[1]!.body).id, id);
      assert.equal(signatureValid(listener.received[1]!, settings.data.verify_key), true);
      assert.equal((await db.store.events.findEvent(id))?.status, 'delivered');
    } finally {
      await listener.close();
      await db.close();
    }
  });
});

test('GUILDGATE_WEBHOOK_LEASE: the timeout plus 60 s by default, longer than the timeout, anything else refused in one line', () => {
  assert.equal(loadConfig({}).webhooks.leaseMs, 65_000);
  assert.equal(loadConfig({ GUILDGATE_WEBHOOK_TIMEOUT: '1000' }).webhooks.leaseMs, 61_000);
  assert.equal(loadConfig({ GUILDGATE_WEBHOOK_TIMEOUT: '1000', GUILDGATE_WEBHOOK_LEASE: '1100' }).webhooks.leaseMs, 1100);
  for (const bad of ['1000', '3600001', 'soon']) {
    assert.throws(() => loadConfig({ GUILDGATE_WEBHOOK_TIMEOUT: '1000', GUILDGATE_WEBHOOK_LEASE: bad }), {
      message: `GUILDGATE_WEBHOOK_LEASE: expected an integer from 1100 to 3600000, got "${bad}"`,
    });
  }
});

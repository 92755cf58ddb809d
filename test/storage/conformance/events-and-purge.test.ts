// Storage conformance, events and purge: webhook settings, the outbox with its claims and delivery log, and the
// bounded deletes of expired rows and orphaned images, the same on every dialect.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { newId } from '../../../src/ids.js';
import { NO_LOGIN } from '../../../src/oauth/tokens.js';
import type { ApplicationRecord, EventRecord, EventSettingsRecord, UserRecord } from '../../../src/storage/types.js';
import { newSession, newToken, newUser } from '../../helpers/records.js';
import { seedApplication } from '../../helpers/seed-application.js';
import { forEachDialect, openTestStore } from '../../helpers/stores.js';
import { suiteFixture } from '../../helpers/suite-fixture.js';

const NOW = 1_800_000_000_000;

forEachDialect('storage conformance: events and purge', (dialect) => {
  const db = suiteFixture(() => openTestStore(dialect));
  let owner: UserRecord;
  before(async () => {
    owner = await db.store.users.create(newUser());
  });

  const event = (application: ApplicationRecord, overrides: Partial<EventRecord> = {}): EventRecord => ({
    id: newId(),
    applicationId: application.id,
    type: 'APPLICATION_AUTHORIZED',
    payload: '{"type":1}',
    status: 'pending',
    createdAt: NOW,
    attempts: 0,
    nextAttemptAt: NOW,
    deliveredAt: null,
    lastStatus: null,
    lastError: null,
    ...overrides,
  });

  test('events: settings inserted once, then saved without touching the key pair', async () => {
    const application = await seedApplication(db.store, owner.id);
    const settings: EventSettingsRecord = {
      applicationId: application.id,
      url: null,
      types: [],
      status: 'disabled',
      verifyKey: 'ab'.repeat(32),
      signingKey: 'c2lnbmluZw==',
    };
    assert.equal(await db.store.events.findSettings(application.id), null);
    assert.deepEqual(await db.store.events.insertSettingsIfAbsent(settings), settings);
    assert.deepEqual(await db.store.events.insertSettingsIfAbsent({ ...settings, verifyKey: 'cd'.repeat(32), status: 'enabled' }), settings, 'the first stays');
    const saved = { ...settings, url: 'https://hooks.example/events', types: ['APPLICATION_AUTHORIZED'], status: 'enabled' as const };
    assert.deepEqual(await db.store.events.saveSettings({ ...saved, verifyKey: 'ef'.repeat(32), signingKey: 'b3RoZXI=' }), saved);
    assert.deepEqual(await db.store.events.findSettings(application.id), saved);
    const fresh = await seedApplication(db.store, owner.id);
    const created = { ...saved, applicationId: fresh.id, verifyKey: '12'.repeat(32) };
    assert.deepEqual(await db.store.events.saveSettings(created), created, 'a new row takes its key pair');
  });

  test("events: each application's oldest pending event listed when due, claimed once per attempt, finished into the delivery log", async () => {
    const application = await seedApplication(db.store, owner.id);
    const other = await seedApplication(db.store, owner.id);
    const stats = await db.store.events.outboxStats();
    const [late, early, future] = [
      event(application, { nextAttemptAt: NOW - 1 }),
      event(application, { nextAttemptAt: NOW - 5, createdAt: NOW - 100 }),
      event(application, { nextAttemptAt: NOW + 60_000 }),
    ];
    const done = event(application, { status: 'delivered', nextAttemptAt: NOW - 9, deliveredAt: NOW - 9, attempts: 1, lastStatus: 204 });
    const elsewhere = event(other, { nextAttemptAt: NOW - 3 });
    for (const record of [late, early, future, done, elsewhere]) await db.store.events.enqueue(record);
    assert.deepEqual(await db.store.events.findEvent(done.id), done);
    assert.equal(await db.store.events.findEvent(newId()), null);
    assert.deepEqual(await db.store.events.outboxStats(), {
      pending: stats.pending + 4,
      oldestCreatedAt: Math.min(stats.oldestCreatedAt ?? Infinity, NOW - 100),
    });
    const mine = [application.id, other.id];
    const due = (await db.store.events.listDue(NOW, 100)).filter((record) => mine.includes(record.applicationId));
    assert.deepEqual(due, [early, elsewhere], 'the later events of an application wait for its oldest');
    assert.deepEqual(await db.store.events.listDue(NOW, 100, other.id), [elsewhere]);
    assert.deepEqual(await db.store.events.listDue(NOW - 6, 100), [], 'nothing is due before the earliest');

    assert.equal(await db.store.events.claim(early.id, 1, NOW, NOW + 30_000), false, 'seen with another attempt count');
    assert.equal(await db.store.events.claim(future.id, 0, NOW, NOW + 30_000), false, 'not due yet');
    assert.equal(await db.store.events.claim(late.id, 0, NOW, NOW + 30_000), false, 'an earlier event of its application is pending');
    assert.equal(await db.store.events.claim(early.id, 0, NOW, NOW + 30_000), true);
    assert.equal(await db.store.events.claim(early.id, 0, NOW, NOW + 30_000), false, 'claimed already');
    assert.deepEqual(await db.store.events.findEvent(early.id), { ...early, attempts: 1, nextAttemptAt: NOW + 30_000 });
    assert.deepEqual(await db.store.events.listDue(NOW, 100, application.id), [], 'leased: nothing of the application is due');

    const retry = { status: 'pending' as const, nextAttemptAt: NOW + 1_000, deliveredAt: null, lastStatus: 500, lastError: 'HTTP 500' };
    await db.store.events.finishAttempt(early.id, 1, retry, { eventId: early.id, attempt: 1, at: NOW + 1, statusCode: 500, error: 'HTTP 500', durationMs: 12 });
    assert.equal(await db.store.events.claim(early.id, 1, NOW + 1_000, NOW + 31_000), true);
    await db.store.events.finishAttempt(early.id, 1, { ...retry, lastStatus: 502 }, null);
    assert.deepEqual(
      await db.store.events.findEvent(early.id),
      { ...early, ...retry, attempts: 2, nextAttemptAt: NOW + 31_000 },
      'a stale report changes nothing',
    );
    const delivered = { status: 'delivered' as const, nextAttemptAt: NOW + 1_002, deliveredAt: NOW + 1_002, lastStatus: 204, lastError: null };
    await db.store.events.finishAttempt(early.id, 2, delivered, {
      eventId: early.id,
      attempt: 2,
      at: NOW + 1_002,
      statusCode: 204,
      error: null,
      durationMs: 3,
    });
    assert.deepEqual(await db.store.events.listDue(NOW + 1_002, 100, application.id), [late], 'the next event once the earlier one is delivered');
    assert.equal(await db.store.events.claim(late.id, 0, NOW + 1_002, NOW + 31_002), true);
    await db.store.events.finishAttempt(late.id, 1, { ...retry, status: 'failed' }, null);
    assert.deepEqual(await db.store.events.findEvent(early.id), { ...early, attempts: 2, ...delivered });
    assert.deepEqual(await db.store.events.findEvent(late.id), { ...late, ...retry, attempts: 1, status: 'failed' });
    assert.deepEqual(await db.store.events.listDeliveries(application.id, 10), [
      { eventId: early.id, eventType: early.type, attempt: 2, at: NOW + 1_002, statusCode: 204, error: null, durationMs: 3 },
      { eventId: early.id, eventType: early.type, attempt: 1, at: NOW + 1, statusCode: 500, error: 'HTTP 500', durationMs: 12 },
    ]);
    assert.equal((await db.store.events.listDeliveries(application.id, 1)).length, 1);
    assert.deepEqual(await db.store.events.outboxStats(), { pending: stats.pending + 2, oldestCreatedAt: stats.oldestCreatedAt ?? NOW });
  });

  test('purge: deleteBatch deletes at most `limit` rows expired (or finished) before the instant, per target', async () => {
    // Long before the other tests' rows, so only this test's rows are past the instant.
    const T = NOW - 1_000_000;
    const user = await db.store.users.create(newUser());
    const application = await seedApplication(db.store, owner.id);
    const authorizationId = (await db.store.authorizations.grant(user.id, application.id, ['identify'], T)).id;
    const session = (expiresAt: number | null) => newSession(user.id, { createdAt: T - 10_000, expiresAt, ip: null });
    const sessions = [session(T - 2), session(T - 1), session(T), session(null)];
    for (const record of sessions) await db.store.sessions.create(record);
    assert.equal(await db.store.purge.deleteBatch('sessions', T, 1), 1);
    assert.equal(await db.store.purge.deleteBatch('sessions', T, 5), 1);
    assert.equal(await db.store.purge.deleteBatch('sessions', T, 5), 0);
    assert.deepEqual((await db.store.sessions.listActiveByUser(user.id, 0)).map((s) => s.id).sort(), [sessions[2]!.id, sessions[3]!.id].sort());

    const grant = { applicationId: application.id, userId: user.id, authorizationId };
    const tokens = [T - 1, T].map((expiresAt) => newToken(grant, { createdAt: T - 10, expiresAt }));
    await db.store.tokens.create(tokens);
    const codes = [T - 1, T].map((expiresAt) => ({
      ...grant,
      digest: `code-${newId()}`,
      familyId: newId(),
      redirectUri: null,
      scopes: ['identify'],
      codeChallenge: null,
      nonce: null,
      createdAt: T - 10,
      expiresAt,
      consumedAt: null,
      guildId: null,
      permissions: null,
      integrationId: null,
      login: NO_LOGIN,
    }));
    for (const record of codes) await db.store.codes.create(record);
    const states = [`state-${newId()}`, `state-${newId()}`];
    await db.store.upstreamStates.create(states[0]!, T - 1);
    await db.store.upstreamStates.create(states[1]!, T);
    const finished = event(application, { status: 'delivered', nextAttemptAt: T - 1, deliveredAt: T - 1, attempts: 1 });
    const failedLater = event(application, { status: 'failed', nextAttemptAt: T, attempts: 5 });
    const waiting = event(application, { nextAttemptAt: T - 50 });
    for (const record of [finished, failedLater, waiting]) await db.store.events.enqueue(record);
    await db.store.events.finishAttempt(finished.id, finished.attempts, finished, {
      eventId: finished.id,
      attempt: 1,
      at: T - 1,
      statusCode: 204,
      error: null,
      durationMs: 1,
    });

    for (const target of ['tokens', 'codes', 'upstreamStates', 'events'] as const) {
      assert.equal(await db.store.purge.deleteBatch(target, T, 10), 1, target);
      assert.equal(await db.store.purge.deleteBatch(target, T, 10), 0, target);
    }
    assert.deepEqual(await Promise.all(tokens.map(async (t) => (await db.store.tokens.find(t.digest)) !== null)), [false, true]);
    assert.deepEqual(await Promise.all(codes.map(async (c) => (await db.store.codes.find(c.digest)) !== null)), [false, true]);
    assert.equal(await db.store.upstreamStates.consume(states[1]!, T - 1), true, 'the state expiring at the instant stayed');
    assert.deepEqual(await Promise.all([finished, failedLater, waiting].map(async (e) => (await db.store.events.findEvent(e.id)) !== null)), [
      false,
      true,
      true,
    ]);
    assert.deepEqual(await db.store.events.listDeliveries(application.id, 10), [], 'the delivery log went with its event');
  });

  test('purge: deleteOrphanImages walks images in hash order and deletes the unnamed ones stored before the instant', async () => {
    const hash = (prefix: string) => `${prefix}${'0'.repeat(63)}`;
    const image = (h: string, createdAt: number) => ({ hash: h, contentType: 'image/png', bytes: Buffer.from([1, 2, 3]), createdAt });
    const [named, orphan, fresh, icon] = [hash('a'), hash('b'), hash('c'), hash('d')];
    await db.store.images.put(image(named, NOW - 10));
    await db.store.images.put(image(orphan, NOW - 10));
    await db.store.images.put(image(fresh, NOW));
    await db.store.images.put(image(icon, NOW - 10));
    await db.store.users.create(newUser({ avatar: named }));
    await db.store.guilds.create({ id: newId(), name: 'Iconic', icon, ownerId: owner.id, createdAt: NOW, sourceProvider: null });
    assert.deepEqual(await db.store.purge.deleteOrphanImages(NOW, '', 2), { deleted: 1, last: orphan });
    assert.deepEqual(await db.store.purge.deleteOrphanImages(NOW, orphan, 2), { deleted: 0, last: null }, 'the last page: one image left');
    assert.deepEqual(await db.store.purge.deleteOrphanImages(NOW, icon, 2), { deleted: 0, last: null });
    assert.deepEqual(await Promise.all([named, orphan, fresh, icon].map(async (h) => (await db.store.images.get(h)) !== null)), [true, false, true, true]);
  });
});

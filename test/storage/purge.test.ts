// The purge: expired codes (authorization and device), tokens, sessions and upstream login states, events finished
// longer ago than the retention (with their delivery log) and images nothing names are deleted, in statements of at
// most PURGE_BATCH rows; live rows stay.
import assert from 'node:assert/strict';
import { mock, test } from 'node:test';
import type { Kysely } from 'kysely';
import { newId } from '../../src/ids.js';
import type { Database } from '../../src/storage/kysely/schema.js';
import { IMAGE_GRACE_MS, PURGE_BATCH, purgeOnce } from '../../src/storage/purge.js';
import type { CodeRecord, EventRecord, OAuthTokenRecord, SessionRecord } from '../../src/storage/types.js';
import { newUser } from '../helpers/records.js';
import { seedApplication } from '../helpers/seed-application.js';
import { forEachDialect, openTestStore, type TestStore } from '../helpers/stores.js';
import { suiteFixture } from '../helpers/suite-fixture.js';

const DAY = 86_400_000;
const NOW = 1_800_000_000_000;
const RETENTION = 7 * DAY;

/** The values of `column` left in `table`, sorted. */
async function left(db: TestStore, table: string, column: string): Promise<string[]> {
  const rows = (await db.snapshot())[table] as Record<string, unknown>[];
  return rows.map((row) => String(row[column])).sort();
}

function session(userId: string, id: string, expiresAt: number | null): SessionRecord {
  return { id, userId, type: 'api', name: null, tokenDigest: `digest-${id}`, createdAt: 0, expiresAt, ip: null, userAgent: null, amr: [] };
}

forEachDialect('purge', (dialect) => {
  const db = suiteFixture(() => openTestStore(dialect));

  test('expired and finished rows and orphaned images go; live, recent and referenced ones stay', async () => {
    const user = await db.store.users.create(newUser());
    const application = await seedApplication(db.store, user.id);
    const authorization = await db.store.authorizations.grant(user.id, application.id, ['identify'], 0);
    const base = {
      applicationId: application.id,
      userId: user.id,
      authorizationId: authorization.id,
      familyId: 'family',
      scopes: ['identify'],
      createdAt: 0,
      login: { authTime: null, amr: [], idTokenClaims: [] },
    };
    const code = (digest: string, expiresAt: number, consumedAt: number | null): CodeRecord => ({
      ...base,
      digest,
      redirectUri: null,
      codeChallenge: null,
      nonce: null,
      expiresAt,
      consumedAt,
      guildId: null,
      permissions: null,
      integrationId: null,
    });
    for (const c of [
      code('code-old', NOW - RETENTION - 1, NOW - RETENTION - 2),
      code('code-recent', NOW - 1000, NOW - 2000),
      code('code-live', NOW + 60_000, null),
    ]) {
      await db.store.codes.create(c);
    }
    // No device code or upstream state db.store yet: those rows go in through the store's own Kysely instance.
    const kysely = (db.store as unknown as { db: Kysely<Database> }).db;
    for (const [digest, expiresAt] of [
      ['device-old', NOW - RETENTION - 1],
      ['device-recent', NOW - 1000],
    ] as const) {
      await kysely
        .insertInto('device_codes')
        .values({
          digest,
          user_code: digest,
          application_id: application.id,
          scopes: 'identify',
          status: 'pending',
          user_id: null,
          authorization_id: null,
          auth_time: null,
          amr: null,
          poll_interval: 5,
          created_at: 0,
          expires_at: expiresAt,
          last_polled_at: null,
        })
        .execute();
    }
    for (const [digest, expiresAt] of [
      ['state-expired', NOW - 1],
      ['state-live', NOW + 60_000],
    ] as const) {
      await kysely.insertInto('upstream_login_states').values({ state_digest: digest, expires_at: expiresAt }).execute();
    }
    const token = (digest: string, expiresAt: number, revokedAt: number | null): OAuthTokenRecord => ({
      ...base,
      digest,
      familyStartedAt: base.createdAt,
      kind: 'access',
      grantType: 'authorization_code',
      expiresAt,
      revokedAt,
      guildId: null,
      integrationId: null,
    });
    await db.store.tokens.create([token('token-expired', NOW - 1, null), token('token-live', NOW + 1, null), token('token-rotated-live', NOW + 1, NOW - 5)]);
    for (const s of [session(user.id, 'session-expired', NOW - 1), session(user.id, 'session-live', NOW + 1), session(user.id, 'session-forever', null)]) {
      await db.store.sessions.create(s);
    }
    const event = (id: string, status: EventRecord['status'], finishedAt: number): EventRecord => ({
      id,
      applicationId: application.id,
      type: 'INTEGRATION_REMOVED',
      payload: '{}',
      status,
      createdAt: 0,
      attempts: 1,
      nextAttemptAt: finishedAt,
      deliveredAt: status === 'delivered' ? finishedAt : null,
      lastStatus: null,
      lastError: null,
    });
    const old = NOW - RETENTION - 1;
    for (const e of [
      event('event-delivered-old', 'delivered', old),
      event('event-failed-old', 'failed', old),
      event('event-delivered-recent', 'delivered', NOW - 1000),
      event('event-pending-old', 'pending', old),
    ]) {
      await db.store.events.enqueue(e);
      await db.store.events.finishAttempt(e.id, e.attempts, e, { eventId: e.id, attempt: 1, at: e.nextAttemptAt, statusCode: 204, error: null, durationMs: 1 });
    }
    const image = (hash: string, createdAt: number) => db.store.images.put({ hash, contentType: 'image/png', bytes: Buffer.from(hash), createdAt });
    const stale = NOW - IMAGE_GRACE_MS - 1;
    for (const hash of ['image-orphan-old', 'image-avatar', 'image-banner', 'image-icon']) await image(hash, stale);
    await image('image-orphan-recent', NOW - 1000);
    await db.store.users.update(user.id, { avatar: 'image-avatar', banner: 'image-banner' });
    await db.store.applications.update(application.id, { icon: 'image-icon' });

    assert.deepEqual(await purgeOnce(db.store, NOW, RETENTION), { codes: 1, deviceCodes: 1, tokens: 1, sessions: 1, upstreamStates: 1, events: 2, images: 1 });

    assert.deepEqual(await left(db, 'oauth_codes', 'digest'), ['code-live', 'code-recent']);
    assert.deepEqual(await left(db, 'device_codes', 'digest'), ['device-recent']);
    assert.deepEqual(await left(db, 'upstream_login_states', 'state_digest'), ['state-live']);
    assert.deepEqual(await left(db, 'oauth_tokens', 'digest'), ['token-live', 'token-rotated-live']);
    assert.deepEqual(await left(db, 'sessions', 'id'), ['session-forever', 'session-live']);
    assert.deepEqual(await left(db, 'events', 'id'), ['event-delivered-recent', 'event-pending-old']);
    assert.deepEqual(await left(db, 'event_deliveries', 'event_id'), ['event-delivered-recent', 'event-pending-old']);
    assert.deepEqual(await left(db, 'images', 'hash'), ['image-avatar', 'image-banner', 'image-icon', 'image-orphan-recent']);
    assert.deepEqual(
      await purgeOnce(db.store, NOW, RETENTION),
      { codes: 0, deviceCodes: 0, tokens: 0, sessions: 0, upstreamStates: 0, events: 0, images: 0 },
      'nothing more to do',
    );
  });

  test('an image uploaded again counts as new: the purge keeps it through the grace time', async () => {
    const hash = `image-${newId()}`;
    await db.store.images.put({ hash, contentType: 'image/png', bytes: Buffer.from('x'), createdAt: 0 });
    await db.store.images.put({ hash, contentType: 'image/png', bytes: Buffer.from('x'), createdAt: NOW });
    await purgeOnce(db.store, NOW, RETENTION);
    assert.equal((await db.store.images.get(hash))?.createdAt, NOW);
  });

  test(`each statement deletes at most ${PURGE_BATCH} rows, and the image walk looks at ${PURGE_BATCH} images a step`, async () => {
    const user = await db.store.users.create(newUser());
    const count = 2 * PURGE_BATCH + 1;
    const images = PURGE_BATCH + 1;
    await db.store.transaction(async (tx) => {
      for (let i = 0; i < count; i++) await tx.sessions.create(session(user.id, `batch-${i}`, NOW - 1));
      for (let i = 0; i < images; i++)
        await tx.images.put({ hash: `batch-${String(i).padStart(4, '0')}`, contentType: 'image/png', bytes: Buffer.from('x'), createdAt: 0 });
    });
    const batches: number[] = [];
    const pages: number[] = [];
    const purge = db.store.purge;
    const deleteBatch = purge.deleteBatch.bind(purge);
    const deleteOrphanImages = purge.deleteOrphanImages.bind(purge);
    const spies = [
      mock.method(purge, 'deleteBatch', async (...args: Parameters<typeof deleteBatch>) => {
        assert.equal(args[2], PURGE_BATCH);
        const deleted = await deleteBatch(...args);
        if (args[0] === 'sessions') batches.push(deleted);
        return deleted;
      }),
      mock.method(purge, 'deleteOrphanImages', async (...args: Parameters<typeof deleteOrphanImages>) => {
        assert.equal(args[2], PURGE_BATCH);
        const page = await deleteOrphanImages(...args);
        pages.push(page.deleted);
        return page;
      }),
    ];
    try {
      assert.deepEqual(await purgeOnce(db.store, NOW, RETENTION), {
        codes: 0,
        deviceCodes: 0,
        tokens: 0,
        sessions: count,
        upstreamStates: 0,
        events: 0,
        images,
      });
    } finally {
      for (const spy of spies) spy.mock.restore();
    }
    assert.deepEqual(batches, [PURGE_BATCH, PURGE_BATCH, 1]);
    assert.deepEqual(pages, [PURGE_BATCH, 1]);
    assert.deepEqual(
      (await left(db, 'sessions', 'id')).filter((id) => id.startsWith('batch-')),
      [],
    );
    assert.deepEqual(
      (await left(db, 'images', 'hash')).filter((hash) => hash.startsWith('batch-')),
      [],
    );
  });
});

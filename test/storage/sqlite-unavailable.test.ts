// A SQLite file that is full or read-only fails only the writes, with 503 DATABASE_UNAVAILABLE and Retry-After and one
// log line naming the cause; nothing is half-written (integrity_check is ok) and reads still answer.
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { describe, test } from 'node:test';
import BetterSqlite3 from 'better-sqlite3';
import { type Kysely, sql } from 'kysely';
import { loggerOptions } from '../../src/app.js';
import type { Database } from '../../src/storage/kysely/schema.js';
import type { KyselyStore } from '../../src/storage/kysely/store.js';
import { StoreUnavailableError } from '../../src/storage/types.js';
import { bearer, call, createTestApp, registerUser, type RegisteredUser, type TestApp } from '../helpers/app.js';
import { createTestClient } from '../helpers/applications.js';
import { basic } from '../helpers/oauth.js';
import { newToken, newUser } from '../helpers/records.js';
import { openTestStore } from '../helpers/stores.js';

const UNAVAILABLE = { code: 'DATABASE_UNAVAILABLE', message: 'The database is unavailable; try again shortly' };

/** A SQLite test app logging at info into `lines`. */
async function loggingApp(): Promise<{ t: TestApp; lines: Record<string, unknown>[] }> {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  return { t: await createTestApp({ logger: { ...(loggerOptions('info') as object), stream } }), lines };
}

/**
 * The store's own connection: `max_page_count` and `query_only` hold per connection, so they must be set on it.
 * Running as root, a chmod'ed file stays writable, so a read-only database is made with `query_only`, which fails
 * writes with the same SQLITE_READONLY.
 */
const connectionOf = (store: KyselyStore) => (store as unknown as { db: Kysely<Database> }).db;

/** Caps the file at the pages it has and fills them, so the next write that needs a page finds none (SQLITE_FULL). */
async function fillDisk(store: KyselyStore): Promise<void> {
  const db = connectionOf(store);
  await sql`create table filler (bytes blob, label text unique)`.execute(db);
  const pages = (await sql<{ page_count: number }>`pragma page_count`.execute(db)).rows[0]!.page_count;
  await sql.raw(`pragma max_page_count = ${pages}`).execute(db);
  for (const size of [1000, 100, 10]) {
    await assert.rejects(async () => {
      for (;;) await sql`insert into filler (bytes) values (randomblob(${size}))`.execute(db);
    }, StoreUnavailableError);
  }
}

function integrity(file: string): unknown {
  const reader = new BetterSqlite3(file, { readonly: true });
  try {
    return reader.pragma('integrity_check', { simple: true });
  } finally {
    reader.close();
  }
}

/** Nothing was half-written (integrity_check is ok), and the user still reads /users/@me. */
async function assertIntactAndReadable(t: TestApp, user: RegisteredUser): Promise<void> {
  assert.equal(integrity(t.db.file!), 'ok');
  const me = await call(t.app, { method: 'GET', url: '/api/v1/users/@me', headers: bearer(user.token) });
  assert.equal(me.statusCode, 200);
  assert.equal(me.data.id, user.id);
}

const register = (t: TestApp, username: string) =>
  call(t.app, { method: 'POST', url: '/api/v1/auth/register', payload: { username, password: 'correct horse battery' } });

describe('a SQLite database that cannot take writes', () => {
  test('disk full: writes answer 503 with Retry-After and a log line; the file stays intact and reads answer', async () => {
    const { t, lines } = await loggingApp();
    try {
      const user = await registerUser(t.app);
      await fillDisk(t.db.store);

      let full;
      for (let i = 0; i < 50 && full?.statusCode !== 503; i++) {
        full = await register(t, `full${process.pid}_${i}`);
        if (full.statusCode !== 503) assert.equal(full.statusCode, 201, full.body);
      }
      assert.equal(full!.statusCode, 503);
      assert.equal(full!.headers['retry-after'], '1');
      assert.deepEqual(full!.data, UNAVAILABLE);
      assert.ok(lines.some((line) => line.level === 40 && line.msg === 'SQLite database unavailable: disk full (SQLITE_FULL)'));
      assert.ok(!lines.some((line) => line.level === 50), 'no error was logged');

      await assertIntactAndReadable(t, user);
    } finally {
      await t.close();
    }
  });

  test('read-only: writes answer 503 with Retry-After and a log line; the file stays intact and reads answer', async () => {
    const { t, lines } = await loggingApp();
    try {
      const user = await registerUser(t.app);
      const client = await createTestClient(t.db.store, { ownerId: user.id });
      await sql`pragma query_only = 1`.execute(connectionOf(t.db.store));

      const refused = await register(t, `readonly${process.pid}`);
      assert.equal(refused.statusCode, 503);
      assert.equal(refused.headers['retry-after'], '1');
      assert.deepEqual(refused.data, UNAVAILABLE);
      assert.ok(lines.some((line) => line.level === 40 && line.msg === 'SQLite database unavailable: read-only (SQLITE_READONLY)'));

      // Issuing a token writes it: the token endpoint answers in OAuth's shape.
      const token = await call(t.app, {
        method: 'POST',
        url: '/api/v1/oauth2/token',
        headers: { ...basic(client.clientId, client.clientSecret!), 'content-type': 'application/x-www-form-urlencoded' },
        payload: 'grant_type=client_credentials&scope=identify',
      });
      assert.equal(token.statusCode, 503);
      assert.equal(token.headers['retry-after'], '1');
      assert.deepEqual(token.data, { error: 'temporarily_unavailable', error_description: UNAVAILABLE.message });

      await assertIntactAndReadable(t, user);
    } finally {
      await t.close();
    }
  });

  test('disk full in a batch of writes: SQLite undoes the whole batch, so every write of it is refused and none is stored', async () => {
    const db = await openTestStore('sqlite');
    try {
      const user = await db.store.users.create(newUser());
      const { clientId } = await createTestClient(db.store, { ownerId: user.id });
      await fillDisk(db.store);
      let refused = 0;
      for (let round = 0; round < 100 && refused === 0; round++) {
        const tokens = [1, 2, 3].map(() => newToken({ applicationId: clientId, userId: user.id, authorizationId: null }));
        // Writes made in one event-loop turn commit together, in one transaction.
        const outcomes = await Promise.allSettled(tokens.map((token) => db.store.tokens.create([token])));
        refused = outcomes.filter((outcome) => outcome.status === 'rejected').length;
        for (const outcome of outcomes) if (outcome.status === 'rejected') assert.ok(outcome.reason instanceof StoreUnavailableError, String(outcome.reason));
        const stored = await Promise.all(tokens.map(async (token) => (await db.store.tokens.find(token.digest)) !== null));
        assert.deepEqual(
          stored,
          outcomes.map((outcome) => outcome.status === 'fulfilled'),
          'stored exactly the writes that succeeded',
        );
      }
      assert.equal(refused, 3, 'the whole batch was refused');
      assert.equal(integrity(db.file!), 'ok');
    } finally {
      await db.close();
    }
  });

  test('disk full in a transaction that SQLite rolls back by itself: it fails with StoreUnavailableError, nothing stored', async () => {
    const db = await openTestStore('sqlite');
    try {
      await fillDisk(db.store);
      const kysely = connectionOf(db.store);
      const rows = async () => (await sql<{ n: number }>`select count(*) as n from filler`.execute(kysely)).rows[0]!.n;
      const before = await rows();
      // A delete, then inserts into a unique index on the full file: SQLite answers SQLITE_FULL and rolls the whole
      // transaction back by itself, so the ROLLBACK that follows finds none (and must not hide the cause).
      const failed = kysely.transaction().execute(async (trx) => {
        await sql`delete from filler where rowid = (select min(rowid) from filler)`.execute(trx);
        for (let i = 0; ; i++) await sql`insert into filler (label) values (${`label ${i}`})`.execute(trx);
      });
      await assert.rejects(failed, StoreUnavailableError);
      assert.equal(await rows(), before, 'the delete was undone with the transaction');
      assert.equal(integrity(db.file!), 'ok');
    } finally {
      await db.close();
    }
  });
});

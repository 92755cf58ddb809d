// SQLite's root runner: every public method answers a failing statement with a rejected promise, never a synchronous
// throw, whether the connection is free, held by a transaction, or the call comes from inside one.
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { guardedDialect } from '../../src/storage/kysely/guarded-driver.js';
import { param, PreparedQuery, TemplateCache, type QueryRunner } from '../../src/storage/kysely/prepared-query.js';
import type { Database } from '../../src/storage/kysely/schema.js';
import { TransactionGuard, TransactionMisuseError } from '../../src/storage/kysely/transaction-guard.js';
import { SqliteRunner } from '../../src/storage/sqlite/sqlite-runner.js';
import { StatementCache } from '../../src/storage/sqlite/statement-cache.js';

const database = new BetterSqlite3(':memory:');
database.exec('create table images (hash text primary key)');
const guard = new TransactionGuard();
const db = new Kysely<Database>({ dialect: guardedDialect(new SqliteDialect({ database: new StatementCache(database) }), guard) });
const templates = new TemplateCache(db);
const runner = new SqliteRunner(database, db, templates, guard);

const missingTable = new PreparedQuery((k) => k.selectFrom('users').select('id').where('id', '=', param('id')));
const byHash = new PreparedQuery((k) => k.selectFrom('images').select('hash').where('hash', '=', param('hash')));
const insert = new PreparedQuery((k) => k.insertInto('images').values({ hash: param('hash') } as never));
const rename = new PreparedQuery((k) =>
  k
    .updateTable('images')
    .set({ hash: param('to') } as never)
    .where('hash', '=', param('from'))
    .returning('hash'),
);

/** Each public method with a statement that fails, and what the rejection says. */
const failing: { method: string; call: (runner: QueryRunner) => Promise<unknown>; error: RegExp }[] = [
  { method: 'rows (no such table)', call: (r) => r.rows(missingTable, { id: 'x' }), error: /no such table: users/ },
  { method: 'rows (argument missing)', call: (r) => r.rows(byHash, {}), error: /prepared query argument missing: hash/ },
  { method: 'first (no such table)', call: (r) => r.first(missingTable, { id: 'x' }), error: /no such table: users/ },
  { method: 'changes (unique violation)', call: (r) => r.changes(insert, { hash: 'taken' }), error: /UNIQUE constraint failed: images.hash/ },
  {
    method: 'writeUnit (unique violation after a write)',
    call: (r) =>
      r.writeUnit([
        { query: insert, args: { hash: 'unit' } },
        { query: insert, args: { hash: 'taken' } },
      ]),
    error: /UNIQUE constraint failed: images.hash/,
  },
  {
    method: 'claimUnit (unique violation after the claim)',
    call: (r) => r.claimUnit(rename, { from: 'taken', to: 'renamed' }, () => ({ writes: [{ query: insert, args: { hash: 'renamed' } }], result: null })),
    error: /UNIQUE constraint failed: images.hash/,
  },
];

/** Calls `call` and asserts it returned a promise, without throwing, that rejects with `error`. */
async function rejectsWithoutThrowing(call: () => Promise<unknown>, error: RegExp | (new (...args: never[]) => Error)): Promise<void> {
  let pending: Promise<unknown> | undefined;
  assert.doesNotThrow(() => {
    pending = call();
  });
  assert.ok(pending instanceof Promise);
  await assert.rejects(pending, error);
}

const hashes = () => (database.prepare('select hash from images order by hash').all() as { hash: string }[]).map((row) => row.hash);

describe('SQLite runner failures', () => {
  after(() => db.destroy());

  test('with the connection free, each failing statement is a rejected promise and changes nothing', async () => {
    await runner.changes(insert, { hash: 'taken' });
    for (const { call, error } of failing) await rejectsWithoutThrowing(() => call(runner), error);
    assert.deepEqual(hashes(), ['taken'], 'the units were undone with their failing writes');
  });

  test('while a transaction holds the connection, each failing statement is a rejected promise once it has ended', async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let began!: () => void;
    const begun = new Promise<void>((resolve) => (began = resolve));
    const transaction = db.transaction().execute(async (trx) => {
      await trx
        .insertInto('images')
        .values({ hash: 'inside' } as never)
        .execute();
      began();
      await held;
    });
    await begun;
    assert.equal(database.inTransaction, true);
    const outcomes = failing.map(({ call, error }) => rejectsWithoutThrowing(() => call(runner), error));
    release();
    await Promise.all([transaction, ...outcomes]);
    assert.deepEqual(hashes(), ['inside', 'taken']);
  });

  test('from inside one of the store transactions, each method is refused with a rejected promise', async () => {
    await guard.inside(async () => {
      for (const { call } of failing) await rejectsWithoutThrowing(() => call(runner), TransactionMisuseError);
    });
  });
});

// Test stores: a fresh SQLite file, or a fresh PostgreSQL schema per store, migrated and dropped afterwards.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe } from 'node:test';
import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import type { KyselyStore } from '../../src/storage/kysely/store.js';
import { openPostgresStore } from '../../src/storage/postgres/open.js';
import { openSqliteStore } from '../../src/storage/sqlite/open.js';
import type { Dialect } from '../../src/storage/types.js';

export const POSTGRES_URL = process.env.GUILDGATE_TEST_POSTGRES_URL;

export const POSTGRES_SKIP = POSTGRES_URL ? false : 'PostgreSQL tests skipped: GUILDGATE_TEST_POSTGRES_URL is not set';

export interface TestStore {
  store: KyselyStore;
  /** The SQLite file (null on PostgreSQL), for tests that search the database for secrets. */
  file: string | null;
  /** The PostgreSQL schema (null on SQLite), also the `application_name` of the store's connections. */
  schema: string | null;
  /** Every file of the database (SQLite main file, WAL and shared memory). */
  files(): string[];
  /** Every row of every table, in a stable order: compare two snapshots to prove a call changed nothing. */
  snapshot(): Promise<Record<string, unknown[]>>;
  close(): Promise<void>;
}

export function tempDir(prefix = 'guildgate-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

async function sqliteStore(): Promise<TestStore> {
  const dir = tempDir();
  const file = path.join(dir, 'guildgate.db');
  const store = openSqliteStore(file);
  await store.migrate();
  return {
    store,
    file,
    schema: null,
    files: () => fs.readdirSync(dir).map((name) => path.join(dir, name)),
    async snapshot() {
      const reader = new BetterSqlite3(file, { readonly: true });
      try {
        const tables = reader
          .prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like 'kysely_%' order by name")
          .all() as { name: string }[];
        return Object.fromEntries(tables.map(({ name }) => [name, reader.prepare(`select * from "${name}" order by 1`).all()]));
      } finally {
        reader.close();
      }
    },
    async close() {
      await store.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Test processes create, migrate and drop schemas side by side. Kysely's migrator lists the tables of every schema,
 * and fails when another process drops one meanwhile, so these steps take turns under one advisory lock.
 */
export async function underSchemaLock<T>(work: (admin: pg.Client) => Promise<T>): Promise<T> {
  const admin = new pg.Client({ connectionString: POSTGRES_URL });
  await admin.connect();
  try {
    await admin.query('select pg_advisory_lock(724301)');
    return await work(admin);
  } finally {
    await admin.end();
  }
}

async function postgresStore(): Promise<TestStore> {
  if (!POSTGRES_URL) throw new Error('GUILDGATE_TEST_POSTGRES_URL is not set');
  const schema = `gg_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  // Named by the schema, so a test can find (and end) this store's own connections among other processes'.
  const url = new URL(POSTGRES_URL);
  url.searchParams.set('application_name', schema);
  const store = openPostgresStore({ connectionString: url.href, schema, maxConnections: 12 });
  await underSchemaLock(async (admin) => {
    await admin.query(`create schema ${schema}`);
    await store.migrate();
  });
  // One connection of its own reads every snapshot (suites take hundreds), opened at the first.
  let reader: Promise<pg.Client> | null = null;
  const openReader = async () => {
    const client = new pg.Client({ connectionString: POSTGRES_URL, options: `-c search_path=${schema}` });
    await client.connect();
    return client;
  };
  return {
    store,
    file: null,
    schema,
    files: () => [],
    async snapshot() {
      const client = await (reader ??= openReader());
      const { rows: tables } = await client.query(
        "select table_name from information_schema.tables where table_schema = $1 and table_name not like 'kysely_%' order by table_name",
        [schema],
      );
      const entries: [string, unknown[]][] = [];
      for (const { table_name } of tables) entries.push([table_name, (await client.query(`select * from "${table_name}" order by 1`)).rows]);
      return Object.fromEntries(entries);
    },
    async close() {
      await store.close();
      if (reader) await (await reader).end();
      await underSchemaLock((admin) => admin.query(`drop schema ${schema} cascade`));
    },
  };
}

export function openTestStore(dialect: Dialect): Promise<TestStore> {
  return dialect === 'sqlite' ? sqliteStore() : postgresStore();
}

/** The dialects a suite runs on, with the reason PostgreSQL is skipped when it is. */
export const DIALECTS: { dialect: Dialect; skip: string | false }[] = [
  { dialect: 'sqlite', skip: false },
  { dialect: 'postgres', skip: POSTGRES_SKIP },
];

/**
 * Declares `suite` once per dialect, as `<name> (<dialect>)`: on SQLite always, on PostgreSQL when
 * GUILDGATE_TEST_POSTGRES_URL is set (else the suite is reported skipped, with that reason).
 */
export function forEachDialect(name: string, suite: (dialect: Dialect) => void): void {
  for (const { dialect, skip } of DIALECTS) describe(`${name} (${dialect})`, { skip }, () => suite(dialect));
}

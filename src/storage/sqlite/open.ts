// SQLite through better-sqlite3: WAL journal (checkpointed by SQLite itself), busy timeout and foreign keys;
// statements prepared once and reused.
import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { guardedDialect } from '../kysely/guarded-driver.js';
import { TemplateCache } from '../kysely/prepared-query.js';
import type { Database } from '../kysely/schema.js';
import { KyselyStore } from '../kysely/store.js';
import { TransactionGuard } from '../kysely/transaction-guard.js';
import { SqliteRunner } from './sqlite-runner.js';
import { StatementCache } from './statement-cache.js';

export function openSqliteStore(file: string): KyselyStore {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const database = new BetterSqlite3(file);
  database.pragma('journal_mode = WAL');
  database.pragma('synchronous = NORMAL');
  database.pragma('busy_timeout = 5000');
  database.pragma('foreign_keys = ON');
  const statements = new StatementCache(database);
  const guard = new TransactionGuard();
  const db = new Kysely<Database>({ dialect: guardedDialect(new SqliteDialect({ database: statements }), guard) });
  const templates = new TemplateCache(db);
  const runner = new SqliteRunner(database, db, templates, guard);
  return new KyselyStore('sqlite', db, runner, templates, guard);
}

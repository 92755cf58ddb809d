// SQLite through better-sqlite3: WAL journal (a server's checkpoints on a worker thread), busy timeout and foreign keys;
// statements prepared once and reused. A full disk or read-only file fails only the writes (StoreUnavailableError).
import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely } from 'kysely';
import { guardedDialect } from '../kysely/guarded-driver.js';
import { TemplateCache } from '../kysely/prepared-query.js';
import type { Database } from '../kysely/schema.js';
import { KyselyStore } from '../kysely/store.js';
import { TransactionGuard } from '../kysely/transaction-guard.js';
import { GuildgateSqliteDialect } from './sqlite-dialect.js';
import { BackgroundCheckpoints } from './background-checkpoints.js';
import { SqliteRunner } from './sqlite-runner.js';
import { StatementCache } from './statement-cache.js';
import { translateSqliteUnavailable } from './unavailable-errors.js';

export interface SqliteOptions {
  /** Checkpoints the WAL on a worker thread (a server's store); `onFailure` hears if that thread fails. */
  backgroundCheckpoints?: { onFailure(error: Error): void };
}

export function openSqliteStore(file: string, options: SqliteOptions = {}): KyselyStore {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const database = new BetterSqlite3(file);
  database.pragma('journal_mode = WAL');
  database.pragma('synchronous = NORMAL');
  database.pragma('busy_timeout = 5000');
  database.pragma('foreign_keys = ON');
  const statements = new StatementCache(database);
  const guard = new TransactionGuard();
  const db = new Kysely<Database>({
    dialect: guardedDialect(new GuildgateSqliteDialect({ database: statements }, database), guard, translateSqliteUnavailable),
  });
  const templates = new TemplateCache(db);
  const runner = new SqliteRunner(database, db, templates, guard);
  const background = options.backgroundCheckpoints;
  const checkpoints = background && file !== ':memory:' ? BackgroundCheckpoints.start(database, file, background.onFailure) : null;
  return new KyselyStore('sqlite', db, runner, templates, guard, async () => {
    await checkpoints?.stop();
    await db.destroy();
  });
}

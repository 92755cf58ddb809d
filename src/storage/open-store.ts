// Opens the store named by a database URL (`sqlite:<path>` or `postgres://...`).
import type { KyselyStore } from './kysely/store.js';
import { openPostgresStore } from './postgres/open.js';
import { openSqliteStore, type SqliteOptions } from './sqlite/open.js';

/** @param sqlite options that apply when the URL names a SQLite database. */
export function openStore(databaseUrl: string, sqlite: SqliteOptions = {}): KyselyStore {
  if (databaseUrl.startsWith('sqlite:')) return openSqliteStore(databaseUrl.slice('sqlite:'.length), sqlite);
  return openPostgresStore({ connectionString: databaseUrl });
}

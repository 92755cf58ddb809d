// Opens the store named by a database URL (`sqlite:<path>` or `postgres://...`).
import type { KyselyStore } from './kysely/store.js';
import { openPostgresStore, type PostgresOptions } from './postgres/open.js';
import { openSqliteStore } from './sqlite/open.js';

/** Options for PostgreSQL (SQLite takes none). */
export type StoreOptions = Pick<PostgresOptions, 'onConnectionError' | 'maxConnections'>;

export function openStore(databaseUrl: string, options: StoreOptions = {}): KyselyStore {
  if (databaseUrl.startsWith('sqlite:')) return openSqliteStore(databaseUrl.slice('sqlite:'.length));
  return openPostgresStore({ connectionString: databaseUrl, onConnectionError: options.onConnectionError, maxConnections: options.maxConnections });
}

// Opens the store named by a database URL (`sqlite:<path>` or `postgres://...`).
import type { KyselyStore } from './kysely/store.js';
import { openPostgresStore, type PostgresOptions } from './postgres/open.js';
import { openSqliteStore, type SqliteOptions } from './sqlite/open.js';

/** Options for either dialect: each applies when the URL names its kind of database. */
export type StoreOptions = SqliteOptions & Pick<PostgresOptions, 'onConnectionError' | 'maxConnections'>;

export function openStore(databaseUrl: string, options: StoreOptions = {}): KyselyStore {
  if (databaseUrl.startsWith('sqlite:')) return openSqliteStore(databaseUrl.slice('sqlite:'.length), options);
  return openPostgresStore({ connectionString: databaseUrl, onConnectionError: options.onConnectionError, maxConnections: options.maxConnections });
}

// Opens the store named by a database URL (`sqlite:<path>` or `postgres://...`).
import type { KyselyStore } from './kysely/store.js';
import { openPostgresStore } from './postgres/open.js';
import { openSqliteStore } from './sqlite/open.js';

export function openStore(databaseUrl: string): KyselyStore {
  if (databaseUrl.startsWith('sqlite:')) return openSqliteStore(databaseUrl.slice('sqlite:'.length));
  return openPostgresStore({ connectionString: databaseUrl });
}

// PostgreSQL through a pg pool; int8 columns come back as numbers (millisecond times fit in 2^53); hot queries as named
// statements. A lost connection fails only the calls on it (StoreUnavailableError) and the pool opens another.
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { guardedDialect } from '../kysely/guarded-driver.js';
import { KyselyRunner } from '../kysely/kysely-runner.js';
import { TemplateCache } from '../kysely/prepared-query.js';
import type { Database } from '../kysely/schema.js';
import { KyselyStore } from '../kysely/store.js';
import { TransactionGuard } from '../kysely/transaction-guard.js';
import { translateConnectionLost } from './connection-errors.js';
import { PostgresRunner } from './postgres-runner.js';

const INT8_OID = 20;

const parseInt8 = (value: string) => Number(value);

const types = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    return oid === INT8_OID ? parseInt8 : pg.types.getTypeParser(oid, format as 'text');
  },
};

export interface PostgresOptions {
  connectionString: string;
  /** A schema to work in (tests use one per run so runs never collide). */
  schema?: string;
  maxConnections?: number;
  /** Hears each error of a pooled connection (the server ended it, the network cut it); the pool has dropped it. */
  onConnectionError?(error: Error): void;
}

export function openPostgresStore(options: PostgresOptions): KyselyStore {
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: options.maxConnections ?? 10,
    types: types as pg.CustomTypesConfig,
    ...(options.schema && { options: `-c search_path=${options.schema}` }),
  });
  // pg emits `error` on the pool for an idle connection's failure, and on the client for one checked out between
  // queries (inside a transaction): unheard, either ends the process. The failing call rejects on its own.
  // Every pool error starts as its client's, so it is heard (once) there.
  pool.on('error', () => undefined);
  pool.on('connect', (client) => client.on('error', (error) => options.onConnectionError?.(error)));
  const guard = new TransactionGuard();
  const db = new Kysely<Database>({ dialect: guardedDialect(new PostgresDialect({ pool }), guard, translateConnectionLost) });
  const templates = new TemplateCache(db);
  const runner = new PostgresRunner(pool, templates, new KyselyRunner(db, templates), guard);
  const usage = () => ({ inUse: pool.totalCount - pool.idleCount, waiting: pool.waitingCount });
  return new KyselyStore('postgres', db, runner, templates, guard, () => db.destroy(), usage);
}

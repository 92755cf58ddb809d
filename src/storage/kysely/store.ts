// The Store on a Kysely instance: composes the per-concern stores and runs transactions and migrations.
import { Migrator, sql, type Kysely } from 'kysely';
import { migrationProvider } from '../migrations/index.js';
import type { Dialect, Store } from '../types.js';
import type { Database } from './schema.js';
import { KyselyApplicationStore } from './applications-store.js';
import { KyselyEventStore } from './events-store.js';
import { KyselyGuildStore } from './guilds-store.js';
import { KyselySessionStore } from './sessions-store.js';
import { KyselyUserStore } from './users-store.js';

export class KyselyStore implements Store {
  readonly users: KyselyUserStore;
  readonly sessions: KyselySessionStore;
  readonly applications: KyselyApplicationStore;
  readonly guilds: KyselyGuildStore;
  readonly events: KyselyEventStore;

  constructor(
    readonly dialect: Dialect,
    private readonly db: Kysely<Database>,
    private readonly onClose: () => Promise<void> = () => db.destroy(),
    /** PostgreSQL schema holding the migration bookkeeping, when not the default one. */
    private readonly schema?: string,
  ) {
    this.users = new KyselyUserStore(db);
    this.sessions = new KyselySessionStore(db);
    this.applications = new KyselyApplicationStore(db);
    this.guilds = new KyselyGuildStore(db);
    this.events = new KyselyEventStore(db);
  }

  transaction<T>(work: (store: Store) => Promise<T>): Promise<T> {
    if (this.db.isTransaction) return work(this);
    return this.db.transaction().execute((trx) => work(new KyselyStore(this.dialect, trx, async () => {})));
  }

  async ping(): Promise<void> {
    await sql`select 1`.execute(this.db);
  }

  /** Applies every pending migration; returns the names applied. */
  async migrate(): Promise<string[]> {
    const migrator = new Migrator({ db: this.db, provider: migrationProvider(this.dialect), migrationTableSchema: this.schema });
    const { error, results } = await migrator.migrateToLatest();
    if (error) throw error;
    return (results ?? []).map((result) => result.migrationName);
  }

  close(): Promise<void> {
    return this.onClose();
  }
}

// The Store on a Kysely instance: composes the per-concern stores and runs transactions and migrations.
import { Migrator, sql, type Kysely } from 'kysely';
import { migrationProvider } from '../migrations/index.js';
import type { Dialect, Store } from '../types.js';
import type { QueryRunner } from './prepared-query.js';
import type { Database } from './schema.js';
import { KyselyApplicationStore } from './applications-store.js';
import { KyselyImageStore } from './images-store.js';
import { KyselyAuthorizationStore, KyselyCodeStore, KyselyTokenStore } from './oauth-stores.js';
import { KyselyEventStore } from './events-store.js';
import { KyselyGuildStore } from './guilds-store.js';
import { KyselyIntegrationStore } from './integrations-store.js';
import { KyselyLinkedIdentityStore } from './identities-store.js';
import { KyselySessionStore } from './sessions-store.js';
import { KyselyUserStore } from './users-store.js';

export class KyselyStore implements Store {
  readonly users: KyselyUserStore;
  readonly sessions: KyselySessionStore;
  readonly applications: KyselyApplicationStore;
  readonly images: KyselyImageStore;
  readonly authorizations: KyselyAuthorizationStore;
  readonly codes: KyselyCodeStore;
  readonly tokens: KyselyTokenStore;
  readonly guilds: KyselyGuildStore;
  readonly integrations: KyselyIntegrationStore;
  readonly events: KyselyEventStore;
  readonly identities: KyselyLinkedIdentityStore;

  /** @param runner runs the precompiled hot-path queries of the stores on `db`. */
  constructor(
    readonly dialect: Dialect,
    private readonly db: Kysely<Database>,
    private readonly runner: QueryRunner,
    private readonly onClose: () => Promise<void> = () => db.destroy(),
  ) {
    this.users = new KyselyUserStore(db);
    this.sessions = new KyselySessionStore(db, runner);
    this.applications = new KyselyApplicationStore(db, runner);
    this.images = new KyselyImageStore(db);
    this.authorizations = new KyselyAuthorizationStore(db);
    this.codes = new KyselyCodeStore(db, runner);
    this.tokens = new KyselyTokenStore(db, runner);
    this.guilds = new KyselyGuildStore(db, runner);
    this.integrations = new KyselyIntegrationStore(db);
    this.events = new KyselyEventStore(db);
    this.identities = new KyselyLinkedIdentityStore(db);
  }

  transaction<T>(work: (store: Store) => Promise<T>): Promise<T> {
    if (this.db.isTransaction) return work(this);
    return this.db.transaction().execute((trx) => work(new KyselyStore(this.dialect, trx, this.runner.inTransaction(trx), async () => {})));
  }

  async ping(): Promise<void> {
    await sql`select 1`.execute(this.db);
  }

  /** Applies every pending migration; returns the names applied. */
  async migrate(): Promise<string[]> {
    // Kysely looks for its migration tables in every schema unless told which one; name ours, so another schema's
    // tables (several guildgate schemas in one database, as the tests make) are not mistaken for them.
    const schema =
      this.dialect === 'postgres' ? (await sql<{ schema: string }>`select current_schema() as schema`.execute(this.db)).rows[0]?.schema : undefined;
    const migrator = new Migrator({ db: this.db, provider: migrationProvider(this.dialect), migrationTableSchema: schema });
    const { error, results } = await migrator.migrateToLatest();
    if (error) throw error;
    return (results ?? []).map((result) => result.migrationName);
  }

  close(): Promise<void> {
    return this.onClose();
  }
}

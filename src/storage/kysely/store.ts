// The Store on a Kysely instance: the root repositories, transactions with their handles, and migrations.
import { Migrator, sql, type Kysely } from 'kysely';
import { migrationProvider } from '../migrations/index.js';
import { TX, type Dialect, type PoolUsage, type Repositories, type Store, type Tx } from '../types.js';
import { KyselyRunner } from './kysely-runner.js';
import type { QueryRunner, TemplateCache } from './prepared-query.js';
import type { Database } from './schema.js';
import type { TransactionGuard } from './transaction-guard.js';
import { KyselyApplicationStore } from './applications-store.js';
import { KyselyImageStore } from './images-store.js';
import { KyselyAuthorizationStore, KyselyCodeStore, KyselyTokenStore } from './oauth-stores.js';
import { KyselyEventStore } from './events-store.js';
import { KyselyGuildStore } from './guilds-store.js';
import { KyselyIntegrationStore } from './integrations-store.js';
import { KyselyLinkedIdentityStore } from './identities-store.js';
import { KyselyUpstreamLoginStateStore } from './upstream-states-store.js';
import { KyselyPurgeStore } from './purge-store.js';
import { KyselySessionStore } from './sessions-store.js';
import { KyselySigningKeyStore } from './signing-keys-store.js';
import { KyselyUserStore } from './users-store.js';
import { KyselyDeviceCodeStore } from './device-codes-store.js';

/** The repositories on `db` (the root or a transaction), with `runner` running their prepared queries there. */
class KyselyRepositories implements Repositories {
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
  readonly upstreamStates: KyselyUpstreamLoginStateStore;
  readonly signingKeys: KyselySigningKeyStore;
  readonly deviceCodes: KyselyDeviceCodeStore;

  constructor(db: Kysely<Database>, runner: QueryRunner) {
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
    this.upstreamStates = new KyselyUpstreamLoginStateStore(db);
    this.signingKeys = new KyselySigningKeyStore(db);
    this.deviceCodes = new KyselyDeviceCodeStore(db, runner);
  }
}

class KyselyTx extends KyselyRepositories implements Tx {
  readonly [TX] = true as const;
}

export class KyselyStore extends KyselyRepositories implements Store {
  readonly purge: KyselyPurgeStore;

  /**
   * @param db guarded by `guard` (see guarded-driver.ts), as is `runner`, which runs the root's prepared queries;
   *   `templates` compiles them for transactions.
   */
  constructor(
    readonly dialect: Dialect,
    private readonly db: Kysely<Database>,
    runner: QueryRunner,
    private readonly templates: TemplateCache,
    private readonly guard: TransactionGuard,
    private readonly onClose: () => Promise<void> = () => db.destroy(),
    private readonly usage: () => PoolUsage | null = () => null,
  ) {
    super(db, runner);
    this.purge = new KyselyPurgeStore(db);
  }

  transaction<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
    return this.db.transaction().execute((trx) => this.guard.inside(() => work(new KyselyTx(trx, new KyselyRunner(trx, this.templates)))));
  }

  async ping(): Promise<void> {
    await sql`select 1`.execute(this.db);
  }

  poolUsage(): PoolUsage | null {
    return this.usage();
  }

  private async migrator(): Promise<Migrator> {
    // Kysely looks for its migration tables in every schema unless told which one; name ours, so another schema's
    // tables (several guildgate schemas in one database, as the tests make) are not mistaken for them.
    const schema =
      this.dialect === 'postgres' ? (await sql<{ schema: string }>`select current_schema() as schema`.execute(this.db)).rows[0]?.schema : undefined;
    return new Migrator({ db: this.db, provider: migrationProvider(this.dialect), migrationTableSchema: schema });
  }

  /** Applies every pending migration; returns the names applied. */
  async migrate(): Promise<string[]> {
    const { error, results } = await (await this.migrator()).migrateToLatest();
    if (error) throw error;
    return (results ?? []).map((result) => result.migrationName);
  }

  async pendingMigrations(): Promise<string[]> {
    const migrations = await (await this.migrator()).getMigrations();
    return migrations.filter((migration) => migration.executedAt === undefined).map((migration) => migration.name);
  }

  close(): Promise<void> {
    return this.onClose();
  }
}

// The root store and its transaction handle: every repository, one unit of work.
import type { ApplicationStore } from './applications.js';
import type { AuthorizationStore } from './authorizations.js';
import type { CodeStore } from './codes.js';
import type { DeviceCodeStore } from './device-codes.js';
import type { EventStore } from './events.js';
import type { GuildStore } from './guilds.js';
import type { LinkedIdentityStore } from './identities.js';
import type { ImageStore } from './images.js';
import type { IntegrationStore } from './integrations.js';
import type { PurgeStore } from './purge.js';
import type { SessionStore } from './sessions.js';
import type { SigningKeyStore } from './signing-keys.js';
import type { TokenStore } from './tokens.js';
import type { UpstreamLoginStateStore } from './upstream-states.js';
import type { UserStore } from './users.js';

export type Dialect = 'sqlite' | 'postgres';

/** Brands transaction handles: only `Store.transaction` makes one, so a root store is never taken for a `Tx`. */
export const TX: unique symbol = Symbol('guildgate.tx');

/** Every repository: a root store and a transaction handle both offer them. */
export interface Repositories {
  readonly users: UserStore;
  readonly sessions: SessionStore;
  readonly applications: ApplicationStore;
  readonly images: ImageStore;
  readonly authorizations: AuthorizationStore;
  readonly codes: CodeStore;
  readonly tokens: TokenStore;
  readonly guilds: GuildStore;
  readonly integrations: IntegrationStore;
  readonly events: EventStore;
  readonly identities: LinkedIdentityStore;
  readonly upstreamStates: UpstreamLoginStateStore;
  readonly signingKeys: SigningKeyStore;
  readonly deviceCodes: DeviceCodeStore;
}

/**
 * The handle of one open transaction: its repositories read and write inside it, and only until its callback's promise
 * settles. Code that composes inside a caller's transaction takes a `Tx`; a root `Store` does not type-check there.
 */
export interface Tx extends Repositories {
  readonly [TX]: true;
}

/**
 * The root store. Its repositories run each call on its own (the hot paths: one lookup, one write); `transaction` runs
 * several as one unit.
 */
export interface Store extends Repositories {
  readonly dialect: Dialect;
  /** Outside any transaction: each batch is a statement of its own. */
  readonly purge: PurgeStore;
  /**
   * Runs `work` in one short database transaction and answers what it answers; a throw rolls everything back. Inside,
   * read and write through `tx` only: a query on this root store from inside `work` (or a nested `transaction`) is
   * refused with an error, never left waiting. Hash, sign, fetch and render before, never inside.
   */
  transaction<T>(work: (tx: Tx) => Promise<T>): Promise<T>;
  /** Round-trips to the database; throws when it does not answer. */
  ping(): Promise<void>;
  /** Names of the migrations this build has that the database has not applied. */
  pendingMigrations(): Promise<string[]>;
  /** Connections of the pool in use and requests waiting for one; null where there is no pool (SQLite). */
  poolUsage(): PoolUsage | null;
  close(): Promise<void>;
}

export interface PoolUsage {
  inUse: number;
  waiting: number;
}

// Wraps a Kysely dialect's driver so that a root query, or a new transaction, from inside one of the same store's
// transactions is refused at once (Kysely itself refuses a transaction's handle once it is committed or rolled back),
// and, when given a translation, so that the driver's errors reach callers as the store's own (a lost connection).
import type { CompiledQuery, DatabaseConnection, Dialect, Driver, QueryResult, TransactionSettings } from 'kysely';
import type { TransactionGuard } from './transaction-guard.js';

/** Maps a driver error to the error callers see (or returns it unchanged). */
export type TranslateError = (error: unknown) => unknown;

async function translated<T>(work: () => Promise<T>, translate: TranslateError): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw translate(error);
  }
}

/** A driver connection whose query errors are translated; the driver gets back the connection it made. */
class TranslatingConnection implements DatabaseConnection {
  constructor(
    readonly inner: DatabaseConnection,
    private readonly translate: TranslateError,
  ) {}

  executeQuery<R>(compiledQuery: CompiledQuery): Promise<QueryResult<R>> {
    return translated(() => this.inner.executeQuery<R>(compiledQuery), this.translate);
  }

  streamQuery<R>(compiledQuery: CompiledQuery, chunkSize?: number): AsyncIterableIterator<QueryResult<R>> {
    return this.inner.streamQuery<R>(compiledQuery, chunkSize);
  }
}

const innerOf = (connection: DatabaseConnection) => (connection instanceof TranslatingConnection ? connection.inner : connection);

class GuardedDriver implements Driver {
  constructor(
    private readonly driver: Driver,
    private readonly guard: TransactionGuard,
    private readonly translate: TranslateError | undefined,
  ) {}

  init(): Promise<void> {
    return this.driver.init();
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    const refusal = this.guard.refusal();
    if (refusal) throw refusal;
    const translate = this.translate;
    if (!translate) return this.driver.acquireConnection();
    return new TranslatingConnection(await translated(() => this.driver.acquireConnection(), translate), translate);
  }

  // Transaction statements run through the translating connection, so their errors are translated too.
  beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    return this.driver.beginTransaction(connection, settings);
  }

  commitTransaction(connection: DatabaseConnection): Promise<void> {
    return this.driver.commitTransaction(connection);
  }

  rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    return this.driver.rollbackTransaction(connection);
  }

  releaseConnection(connection: DatabaseConnection): Promise<void> {
    return this.driver.releaseConnection(innerOf(connection));
  }

  destroy(): Promise<void> {
    return this.driver.destroy();
  }
}

/**
 * The dialect with its driver guarded by `guard` (savepoints are not used, so the wrapper offers none), its errors
 * passed through `translate` when given.
 */
export function guardedDialect(dialect: Dialect, guard: TransactionGuard, translate?: TranslateError): Dialect {
  return {
    createAdapter: () => dialect.createAdapter(),
    createDriver: () => new GuardedDriver(dialect.createDriver(), guard, translate),
    createIntrospector: (db) => dialect.createIntrospector(db),
    createQueryCompiler: () => dialect.createQueryCompiler(),
  };
}

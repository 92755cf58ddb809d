// Wraps a Kysely dialect's driver so that a root query, or a new transaction, from inside one of the same store's
// transactions is refused at once. (Kysely itself refuses a transaction's handle once it is committed or rolled back.)
import type { DatabaseConnection, Dialect, Driver, TransactionSettings } from 'kysely';
import type { TransactionGuard } from './transaction-guard.js';

class GuardedDriver implements Driver {
  constructor(
    private readonly driver: Driver,
    private readonly guard: TransactionGuard,
  ) {}

  init(): Promise<void> {
    return this.driver.init();
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    const refusal = this.guard.refusal();
    if (refusal) throw refusal;
    return this.driver.acquireConnection();
  }

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
    return this.driver.releaseConnection(connection);
  }

  destroy(): Promise<void> {
    return this.driver.destroy();
  }
}

/** The dialect with its driver guarded by `guard` (savepoints are not used, so the wrapper offers none). */
export function guardedDialect(dialect: Dialect, guard: TransactionGuard): Dialect {
  return {
    createAdapter: () => dialect.createAdapter(),
    createDriver: () => new GuardedDriver(dialect.createDriver(), guard),
    createIntrospector: (db) => dialect.createIntrospector(db),
    createQueryCompiler: () => dialect.createQueryCompiler(),
  };
}

// Kysely's SQLite dialect, except that a transaction SQLite has already rolled back by itself (a full disk, an I/O
// error) is not rolled back again: that ROLLBACK would fail and hide the cause.
import type BetterSqlite3 from 'better-sqlite3';
import { type DatabaseConnection, SqliteDialect, type SqliteDialectConfig, SqliteDriver, type Driver } from 'kysely';

class SqliteDriverAfterAutoRollback extends SqliteDriver {
  constructor(
    config: SqliteDialectConfig,
    private readonly database: BetterSqlite3.Database,
  ) {
    super(config);
  }

  override async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    if (this.database.inTransaction) await super.rollbackTransaction(connection);
  }
}

export class GuildgateSqliteDialect extends SqliteDialect {
  /** @param database the connection behind `config.database` (a wrapper), asked whether a transaction is still open. */
  constructor(
    private readonly config: SqliteDialectConfig,
    private readonly database: BetterSqlite3.Database,
  ) {
    super(config);
  }

  override createDriver(): Driver {
    return new SqliteDriverAfterAutoRollback(this.config, this.database);
  }
}

// Prepared queries on a SQLite store's root run synchronously on statements prepared once, rows read as arrays and named in JS (half
// the cost of better-sqlite3's own row objects): no building, compiling, preparing or connection lock hand-off; writes
// outside a transaction commit in groups.
import type BetterSqlite3 from 'better-sqlite3';
import { bind, type PreparedQuery, type QueryArgs, type QueryRunner, type TemplateCache, type Write } from '../kysely/prepared-query.js';
import type { TransactionGuard } from '../kysely/transaction-guard.js';
import { WriteBatch } from './write-batch.js';

interface Ready {
  statement: BetterSqlite3.Statement;
  /** The column names of a statement that answers rows (read as arrays), else null. */
  columns: string[] | null;
}

/** The statements of the prepared queries on one database, prepared on first use, and its group commit. */
export class PreparedStatements {
  private readonly ready = new Map<PreparedQuery<unknown>, Ready>();
  readonly writes: WriteBatch;

  constructor(
    readonly database: BetterSqlite3.Database,
    readonly templates: TemplateCache,
  ) {
    this.writes = new WriteBatch(database);
  }

  get(query: PreparedQuery<unknown>): Ready {
    let ready = this.ready.get(query);
    if (ready === undefined) {
      const statement = this.database.prepare(this.templates.get(query).sql);
      const columns = statement.reader
        ? statement
            .raw(true)
            .columns()
            .map((column) => column.name)
        : null;
      ready = { statement, columns };
      this.ready.set(query, ready);
    }
    return ready;
  }
}

function named(columns: string[], values: unknown[]): Record<string, unknown> {
  const row: Record<string, unknown> = {};
  for (let i = 0; i < columns.length; i++) row[columns[i]!] = values[i];
  return row;
}

export class SqliteRunner implements QueryRunner {
  /**
   * @param queued runs a query through Kysely's connection lock: while a transaction holds the one connection, the root's
   *   queries wait for it there (else they would join it).
   * @param guard refuses the root's queries from inside one of the store's own transactions.
   */
  constructor(
    private readonly statements: PreparedStatements,
    private readonly queued: QueryRunner,
    private readonly guard: TransactionGuard,
  ) {}

  private waits(): boolean {
    return this.statements.database.inTransaction;
  }

  private reader(query: PreparedQuery<unknown>, args: QueryArgs): { statement: BetterSqlite3.Statement; columns: string[]; values: unknown[] } {
    const { statement, columns } = this.statements.get(query);
    if (columns === null) throw new Error(`prepared query answers no rows: ${this.statements.templates.get(query).sql}`);
    return { statement, columns, values: bind(this.statements.templates.get(query), args) };
  }

  rows<R>(query: PreparedQuery<R>, args: QueryArgs): Promise<R[]> {
    const refusal = this.guard.refusal();
    if (refusal) return Promise.reject(refusal);
    if (this.waits()) return this.queued.rows(query, args);
    const { statement, columns, values } = this.reader(query, args);
    return Promise.resolve((statement.all(values) as unknown[][]).map((row) => named(columns, row) as R));
  }

  first<R>(query: PreparedQuery<R>, args: QueryArgs): Promise<R | undefined> {
    const refusal = this.guard.refusal();
    if (refusal) return Promise.reject(refusal);
    if (this.waits()) return this.queued.first(query, args);
    const { statement, columns, values } = this.reader(query, args);
    const row = statement.get(values) as unknown[] | undefined;
    return Promise.resolve(row === undefined ? undefined : (named(columns, row) as R));
  }

  private run(query: PreparedQuery<unknown>, args: QueryArgs): number {
    return this.statements.get(query).statement.run(bind(this.statements.templates.get(query), args)).changes;
  }

  /** The write commits with the others of this event-loop turn. */
  changes(query: PreparedQuery<unknown>, args: QueryArgs): Promise<number> {
    const refusal = this.guard.refusal();
    if (refusal) return Promise.reject(refusal);
    if (this.waits()) return this.queued.changes(query, args);
    return this.statements.writes.add(
      () => this.run(query, args),
      () => this.queued.changes(query, args),
    );
  }

  /** The unit commits with the other writes of this event-loop turn. */
  writeUnit(writes: readonly Write[]): Promise<boolean> {
    const refusal = this.guard.refusal();
    if (refusal) return Promise.reject(refusal);
    if (this.waits()) return this.queued.writeUnit(writes);
    const unit = (): boolean => {
      const [first, ...rest] = writes;
      if (first && this.run(first.query, first.args) === 0) return false;
      for (const write of rest) this.run(write.query, write.args);
      return true;
    };
    return this.statements.writes.add(unit, () => this.queued.writeUnit(writes));
  }
}

// Prepared queries on a SQLite store's root, by one path: each runs synchronously on a statement prepared once (rows
// read as arrays and named in JS, half the cost of better-sqlite3's row objects), at once when no transaction holds
// the one connection, else after waiting for it; every failure reaches the caller as a rejected promise (a full disk
// or read-only file as StoreUnavailableError).
import type BetterSqlite3 from 'better-sqlite3';
import type { Kysely } from 'kysely';
import {
  bind,
  type Claimed,
  type Decision,
  type PreparedQuery,
  type QueryArgs,
  type QueryRunner,
  type TemplateCache,
  type Write,
} from '../kysely/prepared-query.js';
import type { Database } from '../kysely/schema.js';
import type { TransactionGuard } from '../kysely/transaction-guard.js';
import { translateSqliteUnavailable } from './unavailable-errors.js';
import { WriteBatch } from './write-batch.js';

interface Ready {
  statement: BetterSqlite3.Statement;
  /** The column names of a statement that answers rows (read as arrays), else null. */
  columns: string[] | null;
}

function named(columns: string[], values: unknown[]): Record<string, unknown> {
  const row: Record<string, unknown> = {};
  for (let i = 0; i < columns.length; i++) row[columns[i]!] = values[i];
  return row;
}

/** Runs synchronous work on the one connection once no transaction holds it; what it throws is a rejection. */
export type OnConnection = <T>(work: () => T) => Promise<T>;

export class SqliteRunner implements QueryRunner {
  private readonly ready = new Map<PreparedQuery<unknown>, Ready>();
  private readonly onConnection: OnConnection;
  private readonly writes: WriteBatch;

  /**
   * @param db Kysely on `database`: while one of its transactions holds the connection, the root's queries wait for
   *   its connection lock (else they would join the transaction).
   * @param guard refuses the root's queries from inside one of the store's own transactions.
   */
  constructor(
    private readonly database: BetterSqlite3.Database,
    db: Kysely<Database>,
    private readonly templates: TemplateCache,
    private readonly guard: TransactionGuard,
  ) {
    this.onConnection = async (work) => (database.inTransaction ? db.connection().execute(async () => work()) : work());
    this.writes = new WriteBatch(database, this.onConnection, translateSqliteUnavailable);
  }

  /** The one path of every query: refused from inside a transaction, else `work` on the free connection. */
  private async exclusive<T>(work: () => T): Promise<T> {
    const refusal = this.guard.refusal();
    if (refusal) throw refusal;
    try {
      return await this.onConnection(work);
    } catch (error) {
      throw translateSqliteUnavailable(error);
    }
  }

  private prepared(query: PreparedQuery<unknown>): Ready {
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

  /** The statement of a query that answers rows, with its column names, and the run's bound arguments. */
  private reader(query: PreparedQuery<unknown>, args: QueryArgs): { statement: BetterSqlite3.Statement; columns: string[]; values: unknown[] } {
    const { statement, columns } = this.prepared(query);
    if (columns === null) throw new Error(`prepared query answers no rows: ${this.templates.get(query).sql}`);
    return { statement, columns, values: bind(this.templates.get(query), args) };
  }

  private run(query: PreparedQuery<unknown>, args: QueryArgs): number {
    return this.prepared(query).statement.run(bind(this.templates.get(query), args)).changes;
  }

  private get<R>(query: PreparedQuery<R>, args: QueryArgs): R | undefined {
    const { statement, columns, values } = this.reader(query, args);
    const row = statement.get(values) as unknown[] | undefined;
    return row === undefined ? undefined : (named(columns, row) as R);
  }

  rows<R>(query: PreparedQuery<R>, args: QueryArgs): Promise<R[]> {
    return this.exclusive(() => {
      const { statement, columns, values } = this.reader(query, args);
      return (statement.all(values) as unknown[][]).map((row) => named(columns, row) as R);
    });
  }

  first<R>(query: PreparedQuery<R>, args: QueryArgs): Promise<R | undefined> {
    return this.exclusive(() => this.get(query, args));
  }

  /** The write commits with the others of this event-loop turn. */
  async changes(query: PreparedQuery<unknown>, args: QueryArgs): Promise<number> {
    const refusal = this.guard.refusal();
    if (refusal) throw refusal;
    return this.writes.add(() => this.run(query, args));
  }

  /** The unit commits with the other writes of this event-loop turn. */
  async writeUnit(writes: readonly Write[]): Promise<boolean> {
    const refusal = this.guard.refusal();
    if (refusal) throw refusal;
    return this.writes.add(() => {
      const [first, ...rest] = writes;
      if (first && this.run(first.query, first.args) === 0) return false;
      for (const write of rest) this.run(write.query, write.args);
      return true;
    });
  }

  /** The unit runs synchronously in a savepoint of the write batch: it commits with the other writes of this event-loop turn. */
  async claimUnit<R, T, U>(claim: PreparedQuery<R>, args: QueryArgs, decide: (row: R) => Decision<T, U>): Promise<Claimed<T, U> | undefined> {
    const refusal = this.guard.refusal();
    if (refusal) throw refusal;
    return this.writes.add(() => {
      const row = this.get(claim, args);
      if (row === undefined) return undefined;
      const { writes, read, result } = decide(row);
      for (const write of writes) this.run(write.query, write.args);
      return { result, read: read && this.get(read.query, read.args) };
    });
  }
}

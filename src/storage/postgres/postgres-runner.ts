// Prepared queries on a PostgreSQL store's root run as named prepared statements, parsed and planned once per pooled connection.
import type pg from 'pg';
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
import type { TransactionGuard } from '../kysely/transaction-guard.js';
import { isConnectionLost, translateConnectionLost } from './connection-errors.js';

export class PostgresRunner implements QueryRunner {
  /**
   * @param transactions runs atomic units in a transaction of their own on one connection (through Kysely).
   * @param guard refuses the root's queries from inside one of the store's own transactions.
   */
  constructor(
    private readonly pool: pg.Pool,
    private readonly templates: TemplateCache,
    private readonly transactions: QueryRunner,
    private readonly guard: TransactionGuard,
  ) {}

  private statement(query: PreparedQuery<unknown>, args: QueryArgs): pg.QueryConfig {
    const template = this.templates.get(query);
    return { name: template.name, text: template.sql, values: bind(template, args) };
  }

  private async execute(query: PreparedQuery<unknown>, args: QueryArgs) {
    const refusal = this.guard.refusal();
    if (refusal) throw refusal;
    try {
      return await this.pool.query(this.statement(query, args));
    } catch (error) {
      throw translateConnectionLost(error);
    }
  }

  async rows<R>(query: PreparedQuery<R>, args: QueryArgs): Promise<R[]> {
    return (await this.execute(query, args)).rows as R[];
  }

  async first<R>(query: PreparedQuery<R>, args: QueryArgs): Promise<R | undefined> {
    return (await this.execute(query, args)).rows[0] as R | undefined;
  }

  async changes(query: PreparedQuery<unknown>, args: QueryArgs): Promise<number> {
    return (await this.execute(query, args)).rowCount ?? 0;
  }

  /** In a transaction of its own, on one connection. */
  writeUnit(writes: readonly Write[]): Promise<boolean> {
    return this.transactions.writeUnit(writes);
  }

  /** One transaction on one pooled connection, its statements named (parsed and planned once per connection). */
  async claimUnit<R, T, U>(claim: PreparedQuery<R>, args: QueryArgs, decide: (row: R) => Decision<T, U>): Promise<Claimed<T, U> | undefined> {
    const refusal = this.guard.refusal();
    if (refusal) throw refusal;
    let client: pg.PoolClient;
    try {
      client = await this.pool.connect();
    } catch (error) {
      throw translateConnectionLost(error);
    }
    let broken = false;
    try {
      await client.query('BEGIN');
      const row = (await client.query(this.statement(claim, args))).rows[0] as R | undefined;
      let claimed: Claimed<T, U> | undefined;
      if (row !== undefined) {
        const { writes, read, result } = decide(row);
        for (const write of writes) await client.query(this.statement(write.query, write.args));
        claimed = { result, read: read && ((await client.query(this.statement(read.query, read.args))).rows[0] as U | undefined) };
      }
      await client.query('COMMIT');
      return claimed;
    } catch (error) {
      // A connection that failed, or cannot roll back, leaves the pool.
      broken =
        isConnectionLost(error) ||
        (await client.query('ROLLBACK').then(
          () => false,
          () => true,
        ));
      throw translateConnectionLost(error);
    } finally {
      client.release(broken);
    }
  }
}

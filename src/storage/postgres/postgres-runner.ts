// Prepared queries on a PostgreSQL store's root run as named prepared statements, parsed and planned once per pooled connection.
import type pg from 'pg';
import { bind, type PreparedQuery, type QueryArgs, type QueryRunner, type TemplateCache, type Write } from '../kysely/prepared-query.js';
import type { TransactionGuard } from '../kysely/transaction-guard.js';
import { translateConnectionLost } from './connection-errors.js';

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

  private async execute(query: PreparedQuery<unknown>, args: QueryArgs) {
    const refusal = this.guard.refusal();
    if (refusal) throw refusal;
    const template = this.templates.get(query);
    try {
      return await this.pool.query({ name: template.name, text: template.sql, values: bind(template, args) });
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
}

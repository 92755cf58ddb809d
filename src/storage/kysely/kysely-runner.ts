// Runs prepared queries through Kysely's own connection handling: inside a transaction on its connection, and as the
// slow lane of PostgreSQL's root runner (its atomic units).
import { CompiledQuery, type Kysely } from 'kysely';
import { bind, type Claimed, type Decision, type PreparedQuery, type QueryArgs, type QueryRunner, type TemplateCache, type Write } from './prepared-query.js';
import type { Database } from './schema.js';

export class KyselyRunner implements QueryRunner {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly templates: TemplateCache,
  ) {}

  private async execute(query: PreparedQuery<unknown>, args: QueryArgs) {
    const template = this.templates.get(query);
    return this.db.executeQuery(CompiledQuery.raw(template.sql, bind(template, args)));
  }

  async rows<R>(query: PreparedQuery<R>, args: QueryArgs): Promise<R[]> {
    return (await this.execute(query, args)).rows as R[];
  }

  async first<R>(query: PreparedQuery<R>, args: QueryArgs): Promise<R | undefined> {
    return (await this.rows(query, args))[0];
  }

  async changes(query: PreparedQuery<unknown>, args: QueryArgs): Promise<number> {
    return Number((await this.execute(query, args)).numAffectedRows ?? 0n);
  }

  async writeUnit(writes: readonly Write[]): Promise<boolean> {
    if (!this.db.isTransaction) return this.db.transaction().execute((trx) => new KyselyRunner(trx, this.templates).writeUnit(writes));
    const [first, ...rest] = writes;
    if (first && (await this.changes(first.query, first.args)) === 0) return false;
    for (const write of rest) await this.changes(write.query, write.args);
    return true;
  }

  async claimUnit<R, T, U>(claim: PreparedQuery<R>, args: QueryArgs, decide: (row: R) => Decision<T, U>): Promise<Claimed<T, U> | undefined> {
    if (!this.db.isTransaction) return this.db.transaction().execute((trx) => new KyselyRunner(trx, this.templates).claimUnit(claim, args, decide));
    const row = await this.first(claim, args);
    if (row === undefined) return undefined;
    const { writes, read, result } = decide(row);
    for (const write of writes) await this.changes(write.query, write.args);
    return { result, read: read && (await this.first(read.query, read.args)) };
  }
}

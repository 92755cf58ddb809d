// Hot-path queries built with Kysely once and compiled once per dialect; each run only binds fresh named parameters.
import { createHash } from 'node:crypto';
import type { Compilable, Kysely } from 'kysely';
import type { Database } from './schema.js';

const MARK = '\u0000guildgate-param:';

/** A named parameter in a prepared query's builder: the value comes from the arguments of each run. */
export function param<T = never>(name: string): T {
  return `${MARK}${name}` as T;
}

/** A run's arguments by parameter name (a record type of a row works as is). */
export type QueryArgs = object;

/** A placeholder's value: an argument of each run by name, or a value written into the query. */
type Slot = { arg: string } | { value: unknown };

/** A query's SQL text, a name unique to that text, and what each placeholder is bound to, in order. */
export interface CompiledTemplate {
  sql: string;
  name: string;
  slots: readonly Slot[];
}

/** A query built once from `param()` placeholders; `R` is the row it answers. */
export class PreparedQuery<R = unknown> {
  declare readonly row?: R;

  constructor(readonly build: (db: Kysely<Database>) => Compilable<R>) {}

  compile(db: Kysely<Database>): CompiledTemplate {
    const compiled = this.build(db).compile();
    const slots = compiled.parameters.map((value): Slot =>
      typeof value === 'string' && value.startsWith(MARK) ? { arg: value.slice(MARK.length) } : { value },
    );
    return { sql: compiled.sql, name: `gg_${createHash('sha256').update(compiled.sql).digest('hex').slice(0, 24)}`, slots };
  }
}

/** The arguments of one run in placeholder order; a missing one is a bug in the store, not a NULL. */
export function bind(template: CompiledTemplate, args: QueryArgs): unknown[] {
  const values = new Array<unknown>(template.slots.length);
  for (let i = 0; i < values.length; i++) {
    const slot = template.slots[i]!;
    if ('value' in slot) {
      values[i] = slot.value;
      continue;
    }
    const value = (args as Record<string, unknown>)[slot.arg];
    if (value === undefined) throw new Error(`prepared query argument missing: ${slot.arg}`);
    values[i] = value;
  }
  return values;
}

/** Compiles each prepared query once, on first use, for the dialect of `db`. */
export class TemplateCache {
  private readonly templates = new Map<PreparedQuery<unknown>, CompiledTemplate>();

  constructor(private readonly db: Kysely<Database>) {}

  get(query: PreparedQuery<unknown>): CompiledTemplate {
    let template = this.templates.get(query);
    if (template === undefined) {
      template = query.compile(this.db);
      this.templates.set(query, template);
    }
    return template;
  }
}

/** One write of an atomic unit. */
export interface Write {
  query: PreparedQuery<unknown>;
  args: QueryArgs;
}

/** A query run last in a claimed unit, after its writes. */
export interface Read<U> {
  query: PreparedQuery<U>;
  args: QueryArgs;
}

/** What follows a claim in its unit: the writes (none for a refusal), a read if wanted, and what the caller hears. */
export interface Decision<T, U = never> {
  writes: readonly Write[];
  read?: Read<U>;
  result: T;
}

/** What a claimed unit answers: its decision's result and the first row of its read (undefined without one). */
export interface Claimed<T, U> {
  result: T;
  read: U | undefined;
}

/** Runs prepared queries on a store's root or in one of its transactions; failures are always rejected promises. */
export interface QueryRunner {
  /** Every row the query answers. */
  rows<R>(query: PreparedQuery<R>, args: QueryArgs): Promise<R[]>;
  /** The first row, or undefined. */
  first<R>(query: PreparedQuery<R>, args: QueryArgs): Promise<R | undefined>;
  /** Runs a statement that answers no rows; answers how many rows it changed. */
  changes(query: PreparedQuery<unknown>, args: QueryArgs): Promise<number>;
  /**
   * Runs the writes in order as one atomic unit. When the first changes no row (a condition not met), nothing else
   * runs and the answer is false.
   */
  writeUnit(writes: readonly Write[]): Promise<boolean>;
  /**
   * One atomic unit decided on a claimed row: runs `claim`, a conditional write answering the row it changed (UPDATE
   * ... RETURNING); when it changed one, calls `decide` with that row, synchronously, then runs the writes and the read
   * it answers. Undefined when the claim changed no row. A refusal is a decision without writes: the claim stays. What
   * `decide` throws undoes the claim too.
   */
  claimUnit<R, T, U = never>(claim: PreparedQuery<R>, args: QueryArgs, decide: (row: R) => Decision<T, U>): Promise<Claimed<T, U> | undefined>;
}

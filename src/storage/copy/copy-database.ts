// `guildgate db copy`: every table of a SQLite database into PostgreSQL, in foreign-key order and in batches, from one
// consistent read of the source; the target's schema made by the migrations; row counts and digests compared per table.
import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import { migrationNames } from '../migrations/index.js';
import { openPostgresStore } from '../postgres/open.js';
import { emptyTables, firstNonEmpty, insertRows, quoteIdentifier, targetDigest, targetTables, type TargetTable } from './postgres-target.js';
import { TableDigest } from './row-digest.js';

export class CopyError extends Error {}

export interface CopyOptions {
  /** A SQLite file (never created: it must exist). */
  from: string;
  /** A PostgreSQL connection string. */
  to: string;
  /** What to do with a target that holds rows: refuse, empty it first, or keep its rows and add the missing ones. */
  existing: 'refuse' | 'replace' | 'resume';
  /** Rows per insert (fewer when large values would make the batch bigger than BATCH_BYTES). */
  batchSize?: number;
  onTable?(table: string, rows: number): void;
  onProgress?(table: string, copied: number): void;
}

export interface TableReport {
  table: string;
  rows: number;
  digest: string;
}

const BATCH_BYTES = 8 * 1024 * 1024;

function openSource(file: string): BetterSqlite3.Database {
  try {
    return new BetterSqlite3(file, { readonly: true, fileMustExist: true });
  } catch (error) {
    throw new CopyError(`--from: cannot open SQLite database ${file}: ${(error as Error).message}`);
  }
}

function checkSourceMigrations(source: BetterSqlite3.Database): void {
  let applied: string[];
  try {
    applied = (source.prepare('select name from kysely_migration').all() as { name: string }[]).map((row) => row.name);
  } catch {
    throw new CopyError('--from: not a guildgate database (no migration table)');
  }
  const pending = migrationNames().filter((name) => !applied.includes(name));
  if (pending.length > 0) throw new CopyError(`--from: the source lacks migrations ${pending.join(', ')}; run guildgate migrate on it first`);
  const unknown = applied.filter((name) => !migrationNames().includes(name));
  if (unknown.length > 0) throw new CopyError(`--from: the source has migrations this version does not know (${unknown.join(', ')}); use a newer guildgate`);
}

/** Rough byte size of a row, to bound batches of large values (images). */
function rowBytes(row: unknown[]): number {
  let bytes = 0;
  for (const value of row) bytes += typeof value === 'string' ? value.length : Buffer.isBuffer(value) ? value.length : 8;
  return bytes;
}

async function copyTable(source: BetterSqlite3.Database, client: pg.Client, table: TargetTable, batchSize: number, options: CopyOptions): Promise<void> {
  const read = source
    .prepare(`select rowid, ${table.columns.map(quoteIdentifier).join(', ')} from ${quoteIdentifier(table.name)} where rowid > ? order by rowid limit ?`)
    .raw();
  let after = 0;
  let copied = 0;
  for (;;) {
    const rows = read.all(after, batchSize) as unknown[][];
    if (rows.length === 0) break;
    after = rows[rows.length - 1]![0] as number;
    let batch: unknown[][] = [];
    let bytes = 0;
    for (const row of rows) {
      const values = row.slice(1);
      batch.push(values);
      bytes += rowBytes(values);
      if (bytes >= BATCH_BYTES) {
        await insertRows(client, table, batch);
        copied += batch.length;
        batch = [];
        bytes = 0;
      }
    }
    await insertRows(client, table, batch);
    copied += batch.length;
    options.onProgress?.(table.name, copied);
  }
}

function sourceDigest(source: BetterSqlite3.Database, table: TargetTable): TableDigest {
  const digest = new TableDigest();
  const rows = source
    .prepare(`select ${table.columns.map(quoteIdentifier).join(', ')} from ${quoteIdentifier(table.name)}`)
    .raw()
    .iterate();
  for (const row of rows) digest.add(row as unknown[]);
  return digest;
}

/** Copies and verifies; returns each table's row count and digest. Throws CopyError when refused or when a table differs. */
export async function copyDatabase(options: CopyOptions): Promise<TableReport[]> {
  const batchSize = options.batchSize ?? 500;
  const source = openSource(options.from);
  try {
    checkSourceMigrations(source);
    const schema = openPostgresStore({ connectionString: options.to, maxConnections: 1 });
    try {
      await schema.migrate();
    } finally {
      await schema.close();
    }
    const client = new pg.Client({ connectionString: options.to });
    await client.connect();
    try {
      const tables = await targetTables(client);
      const occupied = await firstNonEmpty(client, tables);
      if (occupied !== null && options.existing === 'refuse') {
        throw new CopyError(
          `--to: the target is not empty (table ${occupied} has rows); --force empties it first, --resume keeps its rows and adds the missing ones`,
        );
      }
      if (options.existing === 'replace') await emptyTables(client, tables);
      // One read transaction: every table comes from the same snapshot, even while a server writes to the source.
      source.exec('begin');
      try {
        for (const table of tables) {
          const { count } = source.prepare(`select count(*) as count from ${quoteIdentifier(table.name)}`).get() as { count: number };
          options.onTable?.(table.name, count);
          await copyTable(source, client, table, batchSize, options);
        }
        const reports: TableReport[] = [];
        const differing: string[] = [];
        for (const table of tables) {
          const expected = sourceDigest(source, table);
          const actual = await targetDigest(client, table, batchSize);
          if (expected.rows !== actual.rows || expected.hex() !== actual.hex())
            differing.push(`${table.name} (${expected.rows} rows in the source, ${actual.rows} in the target)`);
          reports.push({ table: table.name, rows: actual.rows, digest: actual.hex() });
        }
        if (differing.length > 0) throw new CopyError(`verification failed: ${differing.join(', ')} differ; run again with --force`);
        return reports;
      } finally {
        source.exec('commit');
      }
    } finally {
      await client.end();
    }
  } finally {
    source.close();
  }
}

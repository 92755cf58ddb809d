// The PostgreSQL end of a database copy: its tables in foreign-key order with their columns, emptiness, batch inserts
// and a digest read through a cursor.
import type pg from 'pg';
import { TableDigest } from './row-digest.js';

export interface TargetTable {
  name: string;
  columns: string[];
}

export const quoteIdentifier = (name: string): string => `"${name.replaceAll('"', '""')}"`;

/** Orders tables so every table comes after those its foreign keys reference. */
export function dependencyOrder(tables: string[], references: { from: string; to: string }[]): string[] {
  const ordered: string[] = [];
  const placed = new Set<string>();
  const visiting = new Set<string>();
  const visit = (table: string) => {
    if (placed.has(table)) return;
    if (visiting.has(table)) throw new Error(`foreign keys form a cycle through ${table}`);
    visiting.add(table);
    for (const { from, to } of references) if (from === table && to !== table) visit(to);
    visiting.delete(table);
    placed.add(table);
    ordered.push(table);
  };
  for (const table of [...tables].sort()) visit(table);
  return ordered;
}

/** The guildgate tables of the target's current schema (migration bookkeeping left out), in dependency order. */
export async function targetTables(client: pg.Client): Promise<TargetTable[]> {
  const { rows: columns } = await client.query<{ table_name: string; column_name: string }>(
    `select c.table_name, c.column_name from information_schema.columns c
       join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
      where c.table_schema = current_schema() and t.table_type = 'BASE TABLE' and c.table_name not like 'kysely\\_%'
      order by c.table_name, c.ordinal_position`,
  );
  const { rows: references } = await client.query<{ from: string; to: string }>(
    `select src.relname as "from", dst.relname as "to" from pg_constraint k
       join pg_class src on src.oid = k.conrelid join pg_class dst on dst.oid = k.confrelid
      where k.contype = 'f' and k.connamespace = (select oid from pg_namespace where nspname = current_schema())`,
  );
  const byTable = new Map<string, string[]>();
  for (const { table_name, column_name } of columns) byTable.set(table_name, [...(byTable.get(table_name) ?? []), column_name]);
  return dependencyOrder([...byTable.keys()], references).map((name) => ({ name, columns: byTable.get(name)! }));
}

/** The first table holding rows, or null when every table is empty. */
export async function firstNonEmpty(client: pg.Client, tables: TargetTable[]): Promise<string | null> {
  for (const table of tables) {
    const { rows } = await client.query(`select 1 from ${quoteIdentifier(table.name)} limit 1`);
    if (rows.length > 0) return table.name;
  }
  return null;
}

export async function emptyTables(client: pg.Client, tables: TargetTable[]): Promise<void> {
  if (tables.length > 0) await client.query(`truncate ${tables.map((table) => quoteIdentifier(table.name)).join(', ')}`);
}

/** Inserts rows (values in the table's column order); rows already there (same primary key) are kept. */
export async function insertRows(client: pg.Client, table: TargetTable, rows: unknown[][]): Promise<void> {
  if (rows.length === 0) return;
  const width = table.columns.length;
  const tuples = rows.map((_, row) => `(${table.columns.map((_, column) => `$${row * width + column + 1}`).join(', ')})`);
  await client.query(
    `insert into ${quoteIdentifier(table.name)} (${table.columns.map(quoteIdentifier).join(', ')}) values ${tuples.join(', ')} on conflict do nothing`,
    rows.flat(),
  );
}

export async function targetDigest(client: pg.Client, table: TargetTable, batchSize: number): Promise<TableDigest> {
  const digest = new TableDigest();
  await client.query('begin read only');
  try {
    await client.query(`declare copy_digest no scroll cursor for select ${table.columns.map(quoteIdentifier).join(', ')} from ${quoteIdentifier(table.name)}`);
    for (;;) {
      const { rows } = await client.query({ text: `fetch ${batchSize} from copy_digest`, rowMode: 'array' });
      for (const row of rows as unknown[][]) digest.add(row);
      if (rows.length < batchSize) break;
    }
  } finally {
    await client.query('commit');
  }
  return digest;
}

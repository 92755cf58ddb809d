// A fresh PostgreSQL schema per guildgate deployment of a bench run (its own tables and signing keys), dropped at the end.
import { randomBytes } from 'node:crypto';
import pg from 'pg';

const made: { url: string; schema: string }[] = [];

/** Creates `gg_bench_<pid>_<random>` and answers the URL whose connections work in it. */
export async function freshSchemaUrl(url: string): Promise<string> {
  const schema = `gg_bench_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    await admin.query(`create schema ${schema}`);
  } finally {
    await admin.end();
  }
  made.push({ url, schema });
  const scoped = new URL(url);
  scoped.searchParams.set('options', `-c search_path=${schema}`);
  return scoped.toString();
}

/** Drops every schema this run made (after its servers stopped); a failure is reported, not thrown. */
export async function dropBenchSchemas(log: (line: string) => void): Promise<void> {
  for (const { url, schema } of made.splice(0)) {
    const admin = new pg.Client({ connectionString: url });
    try {
      await admin.connect();
      await admin.query(`drop schema if exists ${schema} cascade`);
    } catch (err) {
      log(`could not drop schema ${schema}: ${err instanceof Error ? err.message : String(err)}`);
    } finally {
      await admin.end().catch(() => undefined);
    }
  }
}

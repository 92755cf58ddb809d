// Runs one store operation by N contenders at once, with real parallelism: on PostgreSQL N pooled connections, on
// SQLite N worker threads, each with its own connection to the one database file. Answers each contender's outcome.
import { once } from 'node:events';
import { Worker } from 'node:worker_threads';
import type { KyselyStore } from '../../src/storage/kysely/store.js';
import { openPostgresStore } from '../../src/storage/postgres/open.js';
import { compiledEntry } from './compiled.js';
import { RACE_OPERATIONS, type RaceArgs, type RaceOperation } from './race-operations.js';
import { POSTGRES_URL, type TestStore } from './stores.js';

export interface Racers {
  /** Every contender runs `operation` at once; `args(i)` gives contender i's arguments. */
  race(operation: RaceOperation, args: (i: number) => RaceArgs): Promise<string[]>;
  close(): Promise<void>;
}

/**
 * Threads started once, each ready with its own connection. They load the contender compiled once into plain
 * JavaScript: worker threads do not inherit the TypeScript loader, and compiling the sources in each took seconds.
 */
async function threadRacers(file: string, contenders: number): Promise<Racers> {
  const program = await compiledEntry('test/helpers/race-worker.ts');
  const workers = Array.from({ length: contenders }, () => new Worker(program, { workerData: { file } }));
  await Promise.all(workers.map((worker) => once(worker, 'message')));
  return {
    race(operation, args) {
      return Promise.all(
        workers.map(async (worker, i) => {
          const answer = once(worker, 'message');
          worker.postMessage({ operation, args: args(i) });
          return (await answer)[0] as string;
        }),
      );
    },
    async close() {
      await Promise.all(workers.map((worker) => worker.terminate()));
    },
  };
}

/** A pool of exactly `contenders` connections, all opened before the first race. */
async function poolRacers(schema: string, contenders: number): Promise<Racers> {
  const store: KyselyStore = openPostgresStore({ connectionString: POSTGRES_URL!, schema, maxConnections: contenders });
  await Promise.all(Array.from({ length: contenders }, () => store.transaction((tx) => tx.users.findById('0'))));
  return {
    race: (operation, args) => Promise.all(Array.from({ length: contenders }, (_, i) => RACE_OPERATIONS[operation](store, args(i)))),
    close: () => store.close(),
  };
}

/** `contenders` racers on the test store's database. */
export function openRacers(db: TestStore, contenders: number): Promise<Racers> {
  return db.file ? threadRacers(db.file, contenders) : poolRacers(db.schema!, contenders);
}

/** How many contenders met each outcome. */
export function tally(outcomes: string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const outcome of outcomes) counts[outcome] = (counts[outcome] ?? 0) + 1;
  return counts;
}

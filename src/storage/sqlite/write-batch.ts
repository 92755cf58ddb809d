// Group commit for SQLite: the writes (single statements or atomic units) that arrive in one event-loop turn commit
// together in one transaction, one WAL commit instead of one each, each in a savepoint of its own so a failing one is
// undone and refused alone; each caller hears only after the commit.
import type BetterSqlite3 from 'better-sqlite3';
import type { OnConnection } from './sqlite-runner.js';

interface Pending {
  /** The write, run synchronously inside the batch's transaction; throwing undoes just this write. */
  run(): unknown;
  resolve(result: unknown): void;
  reject(error: unknown): void;
}

type Outcome = { ok: true; result: unknown } | { ok: false; error: unknown };

export class WriteBatch {
  private pending: Pending[] = [];
  private readonly commitAll: (batch: Pending[]) => Outcome[];

  /** @param onConnection runs the batch's transaction once no other transaction holds the connection. */
  constructor(
    database: BetterSqlite3.Database,
    private readonly onConnection: OnConnection,
  ) {
    // Called inside the batch's transaction, a better-sqlite3 transaction function runs in a savepoint.
    const inSavepoint = database.transaction((write: Pending) => write.run());
    this.commitAll = database.transaction((batch: Pending[]) =>
      batch.map((write): Outcome => {
        try {
          return { ok: true, result: inSavepoint(write) };
        } catch (error) {
          return { ok: false, error };
        }
      }),
    );
  }

  /** Runs `run` with the other writes of this turn; answers what it returned once they are committed. */
  add<T>(run: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      if (this.pending.length === 0) setImmediate(() => this.commit());
      this.pending.push({ run, resolve: resolve as (result: unknown) => void, reject });
    });
  }

  private commit(): void {
    const batch = this.pending;
    this.pending = [];
    this.onConnection(() => this.commitAll(batch)).then(
      (outcomes) => outcomes.forEach((outcome, i) => (outcome.ok ? batch[i]!.resolve(outcome.result) : batch[i]!.reject(outcome.error))),
      (error: unknown) => batch.forEach((write) => write.reject(error)),
    );
  }
}

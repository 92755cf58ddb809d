// Group commit for SQLite: the single-statement writes that arrive in one event-loop turn commit together in one
// transaction (one WAL commit instead of one each); each caller still hears only after the commit.
import type BetterSqlite3 from 'better-sqlite3';

interface Pending {
  statement: BetterSqlite3.Statement;
  values: unknown[];
  /** Runs this write when the connection is inside another transaction at commit time (waiting for it). */
  whileBusy: () => Promise<number>;
  resolve(changes: number): void;
  reject(error: unknown): void;
}

export class WriteBatch {
  private pending: Pending[] = [];
  private readonly commitAll: (batch: Pending[]) => number[];

  constructor(private readonly database: BetterSqlite3.Database) {
    this.commitAll = database.transaction((batch: Pending[]) => batch.map(({ statement, values }) => statement.run(values).changes));
  }

  /** Runs the write with the others of this turn; answers the rows it changed once they are committed. */
  run(statement: BetterSqlite3.Statement, values: unknown[], whileBusy: () => Promise<number>): Promise<number> {
    return new Promise((resolve, reject) => {
      if (this.pending.length === 0) setImmediate(() => this.commit());
      this.pending.push({ statement, values, whileBusy, resolve, reject });
    });
  }

  private commit(): void {
    const batch = this.pending;
    this.pending = [];
    if (this.database.inTransaction) {
      for (const write of batch) write.whileBusy().then(write.resolve, write.reject);
      return;
    }
    let changes: number[];
    try {
      changes = this.commitAll(batch);
    } catch {
      // One write failed and the batch rolled back: run each on its own, so only the failing one hears its error.
      for (const write of batch) this.alone(write);
      return;
    }
    batch.forEach((write, i) => write.resolve(changes[i]!));
  }

  private alone(write: Pending): void {
    try {
      write.resolve(write.statement.run(write.values).changes);
    } catch (error) {
      write.reject(error);
    }
  }
}

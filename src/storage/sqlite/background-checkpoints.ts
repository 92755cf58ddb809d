// Moves SQLite's WAL checkpoints to a worker thread for a long-running server; the connection's own automatic
// checkpoint stays on as a backstop (far later) and takes over at the default size if the thread fails.
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type BetterSqlite3 from 'better-sqlite3';

/** WAL pages after which the connection checkpoints by itself while the thread runs (SQLite's default is 1000). */
const BACKSTOP_PAGES = 10_000;
const DEFAULT_PAGES = 1000;
/** Bytes the WAL file is cut back to once a checkpoint has emptied it. */
const WAL_SIZE_LIMIT = 64 * 1024 * 1024;
const INTERVAL_MS = 100;

/**
 * The thread's program: on its own connection, copy committed WAL pages into the database file (and wait for the disk)
 * every interval; on the stop message, a last checkpoint and close. CommonJS run with `eval`, so the build and the
 * sources (tests) start the same thread.
 */
const CHECKPOINT_THREAD = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const database = new Database(workerData.file);
database.pragma('busy_timeout = 5000');
const timer = setInterval(() => database.pragma('wal_checkpoint(PASSIVE)'), workerData.intervalMs);
parentPort.once('message', () => {
  clearInterval(timer);
  database.pragma('wal_checkpoint(PASSIVE)');
  database.close();
  parentPort.close();
});
`;
const DRIVER = createRequire(import.meta.url).resolve('better-sqlite3');

export class BackgroundCheckpoints {
  private readonly exited: Promise<void>;

  private constructor(private readonly worker: Worker) {
    this.exited = new Promise((resolve) => worker.once('exit', () => resolve()));
  }

  /** Starts the thread for the database file open on `database`; failures only bring the connection's own checkpoints back. */
  static start(database: BetterSqlite3.Database, file: string, onFailure: (error: Error) => void): BackgroundCheckpoints {
    database.pragma(`journal_size_limit = ${WAL_SIZE_LIMIT}`);
    database.pragma(`wal_autocheckpoint = ${BACKSTOP_PAGES}`);
    const worker = new Worker(CHECKPOINT_THREAD, { eval: true, workerData: { driver: DRIVER, file, intervalMs: INTERVAL_MS } });
    const checkpoints = new BackgroundCheckpoints(worker);
    worker.once('error', (error) => {
      if (database.open) database.pragma(`wal_autocheckpoint = ${DEFAULT_PAGES}`);
      onFailure(error);
    });
    return checkpoints;
  }

  /** Asks the thread for a last checkpoint and waits until it has closed its connection. */
  stop(): Promise<void> {
    this.worker.postMessage('stop');
    return this.exited;
  }
}

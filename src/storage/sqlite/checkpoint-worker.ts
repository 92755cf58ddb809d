// The WAL checkpoint thread: on its own connection, copies committed WAL pages into the database file (and waits for
// the disk) every interval, so the server's commits never do that work on the event loop.
import { parentPort, workerData } from 'node:worker_threads';
import BetterSqlite3 from 'better-sqlite3';

const { file, intervalMs } = workerData as { file: string; intervalMs: number };
const database = new BetterSqlite3(file);
database.pragma('busy_timeout = 5000');

const timer = setInterval(() => database.pragma('wal_checkpoint(PASSIVE)'), intervalMs);

parentPort!.once('message', () => {
  clearInterval(timer);
  database.pragma('wal_checkpoint(PASSIVE)');
  database.close();
  parentPort!.close();
});

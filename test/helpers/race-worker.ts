// A contender of SQLite races: opens its own store on the shared file, says it is ready, then runs each operation it is
// sent and answers its outcome, until it is terminated.
import { parentPort, workerData } from 'node:worker_threads';
import { openSqliteStore } from '../../src/storage/sqlite/open.js';
import { RACE_OPERATIONS, type RaceArgs, type RaceOperation } from './race-operations.js';

const store = openSqliteStore((workerData as { file: string }).file);
parentPort!.on('message', ({ operation, args }: { operation: RaceOperation; args: RaceArgs }) => {
  void RACE_OPERATIONS[operation](store, args).then((outcome) => parentPort!.postMessage(outcome));
});
parentPort!.postMessage('ready');

// A server's SQLite store checkpoints its WAL on a worker thread: pages reach the database file without the connection's
// own checkpoint, and closing the store ends the thread.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, test } from 'node:test';
import BetterSqlite3 from 'better-sqlite3';
import { openSqliteStore } from '../../src/storage/sqlite/open.js';
import { newUser } from '../helpers/records.js';
import { tempDir } from '../helpers/stores.js';

describe('WAL checkpoints on a worker thread', () => {
  test('committed pages reach the database file by the thread, and closing the store stops it', async () => {
    const file = path.join(tempDir(), 'guildgate.db');
    const failures: Error[] = [];
    const store = openSqliteStore(file, { backgroundCheckpoints: { onFailure: (error) => failures.push(error) } });
    await store.migrate();
    for (let i = 0; i < 50; i++) await store.users.create(newUser());
    const before = fs.statSync(file).size;
    let grown = before;
    for (let waited = 0; waited < 5_000 && grown === before; waited += 50) {
      await sleep(50);
      grown = fs.statSync(file).size;
    }
    assert.ok(grown > before, `the database file grew from ${before} bytes by the thread's checkpoint`);
    await store.close();
    assert.deepEqual(failures, []);
    const reopened = new BetterSqlite3(file);
    assert.equal((reopened.prepare('select count(*) as n from users').get() as { n: number }).n, 50);
    reopened.close();
  });

  test('without the option the connection keeps SQLite default automatic checkpoint', async () => {
    const dir = tempDir();
    const store = openSqliteStore(path.join(dir, 'guildgate.db'));
    await store.migrate();
    const probe = new BetterSqlite3(path.join(dir, 'guildgate.db'));
    assert.deepEqual(probe.pragma('wal_autocheckpoint'), [{ wal_autocheckpoint: 1000 }]);
    probe.close();
    await store.close();
  });
});

// A lost PostgreSQL connection fails only the calls on it (503 with Retry-After), never the process; the pool opens another.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import pg from 'pg';
import { buildApp } from '../../src/app.js';
import { generateToken } from '../../src/crypto/tokens.js';
import { openPostgresStore } from '../../src/storage/postgres/open.js';
import { StoreUnavailableError } from '../../src/storage/types.js';
import { bearer, call, createTestApp, registerUser, testConfig } from '../helpers/app.js';
import { createTestClient } from '../helpers/applications.js';
import { authorizeCode, exchangeCode } from '../helpers/oauth.js';
import { newUser } from '../helpers/records.js';
import { POSTGRES_SKIP, POSTGRES_URL, openTestStore } from '../helpers/stores.js';

/** Ends every backend of the test store's connections (named by its schema); returns how many were ended. */
async function terminateBackends(schema: string): Promise<number> {
  const admin = new pg.Client({ connectionString: POSTGRES_URL });
  await admin.connect();
  try {
    const { rows } = await admin.query(
      'select pg_terminate_backend(pid) as ended from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid() and application_name = $1',
      [schema],
    );
    return rows.filter((row) => row.ended).length;
  } finally {
    await admin.end();
  }
}

describe('a database that cannot be reached', () => {
  test('answers 503 DATABASE_UNAVAILABLE with Retry-After on the API and temporarily_unavailable on the token endpoint', async () => {
    // Nothing listens on port 1: every connection is refused (ECONNREFUSED).
    const store = openPostgresStore({ connectionString: 'postgres://guildgate@127.0.0.1:1/none' });
    const app = await buildApp({ config: testConfig(), store, logger: false, redis: null });
    try {
      const me = await call(app, { method: 'GET', url: '/api/v1/users/@me', headers: bearer(generateToken('session')) });
      assert.equal(me.statusCode, 503);
      assert.equal(me.headers['retry-after'], '1');
      assert.deepEqual(me.data, { code: 'DATABASE_UNAVAILABLE', message: 'The database is unavailable; try again shortly' });

      const token = await call(app, {
        method: 'POST',
        url: '/api/v1/oauth2/token',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: `grant_type=refresh_token&refresh_token=${generateToken('refresh')}&client_id=123`,
      });
      assert.equal(token.statusCode, 503);
      assert.equal(token.headers['retry-after'], '1');
      assert.deepEqual(token.data, { error: 'temporarily_unavailable', error_description: 'The database is unavailable; try again shortly' });
    } finally {
      await app.close();
      await store.close();
    }
  });
});

describe('PostgreSQL connections ended by the server', { skip: POSTGRES_SKIP }, () => {
  test('a transaction whose connection is ended fails with StoreUnavailableError, and the next call gets a new connection', async () => {
    const db = await openTestStore('postgres');
    try {
      const user = await db.store.users.create(newUser());
      const failed = db.store.transaction(async (tx) => {
        await tx.users.findById(user.id);
        // The checked-out connection is ended between two statements: pg reports it as an `error` event on the client.
        assert.ok((await terminateBackends(db.schema!)) >= 1);
        return tx.users.findById(user.id);
      });
      await assert.rejects(failed, StoreUnavailableError);
      assert.equal((await db.store.users.findById(user.id))?.id, user.id);
      await db.store.transaction(async (tx) => assert.equal((await tx.users.findById(user.id))?.id, user.id));
    } finally {
      await db.close();
    }
  });

  test('ending every backend under load: the process lives, failures are 503 only, later requests succeed', async () => {
    const t = await createTestApp({ dialect: 'postgres', env: { GUILDGATE_RATE_LIMIT: 'off' } });
    try {
      const user = await registerUser(t.app);
      const client = await createTestClient(t.db.store, { ownerId: user.id });
      const statuses = new Map<number, number>();
      let done = 0;
      const terminations: Promise<number>[] = [];
      const record = (response: Awaited<ReturnType<typeof call>>) => {
        statuses.set(response.statusCode, (statuses.get(response.statusCode) ?? 0) + 1);
        if (response.statusCode === 503) {
          assert.equal(response.headers['retry-after'], '1');
          assert.ok(response.data.code === 'DATABASE_UNAVAILABLE' || response.data.error === 'temporarily_unavailable', response.body);
        }
        // Mid-load, twice: after 60 and after 180 answers.
        if (++done === 60 || done === 180) terminations.push(terminateBackends(t.db.schema!));
      };
      const worker = async () => {
        for (let i = 0; i < 30; i++) {
          record(await call(t.app, { method: 'GET', url: '/api/v1/users/@me', headers: bearer(user.token) }));
          try {
            const { code, verifier } = await authorizeCode(t.app, user.token, client);
            record(await exchangeCode(t.app, client, code, verifier));
          } catch (error) {
            // A consent the database could not take: authorizeCode names the status it got.
            assert.match(String(error), /consent gave no code: 503 /);
            statuses.set(503, (statuses.get(503) ?? 0) + 1);
          }
        }
      };
      await Promise.all(Array.from({ length: 8 }, worker));
      const ended = await Promise.all(terminations);
      assert.equal(ended.length, 2);
      assert.ok(ended[0]! >= 1, 'the first termination ended at least one backend');
      assert.deepEqual(
        [...statuses.keys()].filter((status) => status !== 200 && status !== 503),
        [],
        `only 200 and 503: ${JSON.stringify([...statuses])}`,
      );
      for (let i = 0; i < 10; i++) {
        const me = await call(t.app, { method: 'GET', url: '/api/v1/users/@me', headers: bearer(user.token) });
        assert.equal(me.statusCode, 200);
        const { code, verifier } = await authorizeCode(t.app, user.token, client);
        assert.equal((await exchangeCode(t.app, client, code, verifier)).statusCode, 200);
      }
    } finally {
      await t.close();
    }
  });
});

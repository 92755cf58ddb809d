// SIGTERM under a load of token requests on keep-alive connections: no 5xx, and every token answered is in the database.
import assert from 'node:assert/strict';
import http from 'node:http';
import { after, test } from 'node:test';
import { digestToken } from '../../src/crypto/tokens.js';
import { createTestClient } from '../helpers/applications.js';
import { basic } from '../helpers/oauth.js';
import { newUser } from '../helpers/records.js';
import { startServe } from '../helpers/serve-process.js';
import { forEachDialect, POSTGRES_URL, openTestStore, tempDir, type TestStore } from '../helpers/stores.js';

const CONNECTIONS = 8;
/** Answers before the signal. */
const BEFORE_SIGNAL = 150;

/** The database URL the child process uses for the test store. */
function databaseUrl(db: TestStore): string {
  if (db.file) return `sqlite:${db.file}`;
  const url = new URL(POSTGRES_URL!);
  url.searchParams.set('options', `-c search_path=${db.schema}`);
  return url.href;
}

/** One client_credentials token request; its status and body, or the connection error that stopped it. */
function tokenRequest(agent: http.Agent, base: string, authorization: string): Promise<{ status: number; body: string } | { error: Error }> {
  const payload = 'grant_type=client_credentials&scope=identify';
  return new Promise((resolve) => {
    const request = http.request(
      `${base}/api/v1/oauth2/token`,
      { method: 'POST', agent, headers: { authorization, 'content-type': 'application/x-www-form-urlencoded', 'content-length': payload.length } },
      (response) => {
        let body = '';
        response.setEncoding('utf8');
        response.on('data', (chunk) => (body += chunk));
        response.on('end', () => resolve({ status: response.statusCode!, body }));
        response.on('error', (error) => resolve({ error }));
      },
    );
    request.on('error', (error) => resolve({ error }));
    request.end(payload);
  });
}

forEachDialect('graceful shutdown', (dialect) => {
  let db: TestStore;
  after(() => db?.close());

  test('SIGTERM during token requests on keep-alive connections: 0 5xx, every acknowledged token stored, exit 0', async () => {
    db = await openTestStore(dialect);
    const owner = await db.store.users.create(newUser());
    const client = await createTestClient(db.store, { ownerId: owner.id });
    const server = await startServe({
      GUILDGATE_DATABASE_URL: databaseUrl(db),
      GUILDGATE_DATA_DIR: tempDir(),
      GUILDGATE_SECRET: 'test-secret-test-secret-test-secret-0123456789',
      GUILDGATE_RATE_LIMIT: 'off',
      GUILDGATE_LOG_LEVEL: 'info',
    });
    const agent = new http.Agent({ keepAlive: true, maxSockets: CONNECTIONS });
    const authorization = basic(client.clientId, client.clientSecret!).authorization!;
    const statuses = new Map<number, number>();
    const tokens: string[] = [];
    let answers = 0;
    let signalled = false;
    const worker = async () => {
      for (;;) {
        const result = await tokenRequest(agent, server.base, authorization);
        // Once the server has stopped accepting, a new connection is refused (or an idle one closed): the load ends.
        if ('error' in result) {
          assert.ok(signalled, `a connection failed before the signal: ${result.error.message}`);
          return;
        }
        statuses.set(result.status, (statuses.get(result.status) ?? 0) + 1);
        if (result.status === 200) tokens.push(JSON.parse(result.body).access_token);
        if (++answers === BEFORE_SIGNAL) {
          signalled = true;
          server.child.kill('SIGTERM');
        }
      }
    };
    try {
      await Promise.all(Array.from({ length: CONNECTIONS }, worker));
    } finally {
      agent.destroy();
      if (!signalled) server.child.kill('SIGTERM');
    }
    assert.equal(await server.exited, 0, server.output());
    assert.deepEqual([...statuses.keys()], [200], `only 200: ${JSON.stringify([...statuses])}`);
    assert.ok(tokens.length >= BEFORE_SIGNAL);
    for (const token of tokens) assert.ok(await db.store.tokens.find(digestToken(token)), 'an acknowledged token is in the database');
    assert.match(server.output(), /"msg":"shutting down: finishing in-flight requests"/);
  });
});

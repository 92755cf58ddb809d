// Strangers cannot lock a client out: failed client authentications count per address and per claimed client (a
// higher ceiling, and never refusing the right secret); the per-client request budget counts authenticated requests only.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { Redis } from 'ioredis';
import { OAUTH_LIMITS } from '../../src/limits/limits.js';
import { call, createTestApp, registerUser, type RegisteredUser, type TestApp } from '../helpers/app.js';
import { createTestClient, type TestClient } from '../helpers/applications.js';
import { basic, FORM } from '../helpers/oauth.js';

const REDIS_URL = process.env.GUILDGATE_TEST_REDIS_URL;
const INTROSPECT = '/api/v1/oauth2/introspect';

/** The n-th of many stranger addresses (10.40.0.0/16). */
const stranger = (n: number) => `10.40.${n >> 8}.${n & 255}`;

function introspectAs(t: TestApp, client: TestClient, secret: string, remoteAddress: string) {
  return call(t.app, {
    method: 'POST',
    url: INTROSPECT,
    headers: { ...FORM, ...basic(client.clientId, secret) },
    payload: new URLSearchParams({ token: 'ggat_unknown' }).toString(),
    remoteAddress,
  });
}

/** `count` wrong-secret requests naming the client, each from another address; their statuses. */
async function strangersFail(t: TestApp, client: TestClient, count: number, first = 0): Promise<Set<number>> {
  const statuses = new Set<number>();
  for (let i = first; i < first + count; i++) statuses.add((await introspectAs(t, client, 'not-the-secret', stranger(i))).statusCode);
  return statuses;
}

/** `realTime`: the counters expire in Redis's own time, so a window has run for as long as the requests took. */
function lockoutTests(setup: () => Promise<{ t: TestApp; owner: RegisteredUser }>, { realTime }: { realTime: boolean }) {
  let t: TestApp;
  let owner: RegisteredUser;
  before(async () => {
    ({ t, owner } = await setup());
  });
  after(() => t.close());

  test("150 wrong-secret requests from strangers' addresses: each 401, then the right secret answers 200", async () => {
    const client = await createTestClient(t.db.store, { ownerId: owner.id });
    assert.deepEqual(await strangersFail(t, client, 150), new Set([401]));
    const right = await introspectAs(t, client, client.clientSecret!, '192.0.2.10');
    assert.equal(right.statusCode, 200);
    assert.deepEqual(right.data, { active: false });
  });

  test('failures from one address: beyond the ceiling that address is refused (even the right secret), others are not', async () => {
    const client = await createTestClient(t.db.store, { ownerId: owner.id });
    const address = '192.0.2.20';
    for (let i = 0; i < OAUTH_LIMITS.clientAuthFailuresPerAddress; i++) {
      assert.equal((await introspectAs(t, client, 'not-the-secret', address)).statusCode, 401);
    }
    const refused = await introspectAs(t, client, client.clientSecret!, address);
    assert.equal(refused.statusCode, 429);
    assert.deepEqual(refused.data, {
      error: 'temporarily_unavailable',
      error_description: 'Too many failed client authentications from this address; try again later',
    });
    assert.equal(refused.headers['x-ratelimit-bucket'], 'client-auth-failures-address');
    const retryAfter = Number(refused.headers['retry-after']);
    if (realTime) assert.ok(retryAfter > 0 && retryAfter <= 600, `Retry-After ${retryAfter}: the rest of the 600 s window`);
    else assert.equal(retryAfter, 600);
    assert.equal((await introspectAs(t, client, client.clientSecret!, '192.0.2.21')).statusCode, 200);
  });

  test('failures naming one client: beyond the higher ceiling wrong secrets answer 429, the right secret still 200', async () => {
    const client = await createTestClient(t.db.store, { ownerId: owner.id });
    assert.deepEqual(await strangersFail(t, client, OAUTH_LIMITS.clientAuthFailuresPerClient, 1000), new Set([401]));
    const refused = await introspectAs(t, client, 'not-the-secret', '192.0.2.30');
    assert.equal(refused.statusCode, 429);
    assert.deepEqual(refused.data, {
      error: 'temporarily_unavailable',
      error_description: 'Too many failed client authentications for this client; try again later',
    });
    assert.equal(refused.headers['x-ratelimit-bucket'], 'client-auth-failures-client');
    assert.equal((await introspectAs(t, client, client.clientSecret!, '192.0.2.31')).statusCode, 200);
  });

  test('the per-client budget counts authenticated requests only: 120 answer 200, the next 429', async () => {
    const client = await createTestClient(t.db.store, { ownerId: owner.id });
    for (let i = 0; i < OAUTH_LIMITS.requestsPerClient; i++) {
      const response = await introspectAs(t, client, client.clientSecret!, stranger(2000 + (i % 200)));
      assert.equal(response.statusCode, 200);
      assert.equal(response.headers['x-ratelimit-remaining'], String(OAUTH_LIMITS.requestsPerClient - 1 - i));
    }
    const refused = await introspectAs(t, client, client.clientSecret!, '192.0.2.40');
    assert.equal(refused.statusCode, 429);
    assert.deepEqual(refused.data, { error: 'temporarily_unavailable', error_description: 'You are being rate limited' });
    assert.equal(refused.headers['x-ratelimit-bucket'], 'oauth-client');
    assert.equal(refused.headers['x-ratelimit-remaining'], '0');
    assert.match(String(refused.headers['retry-after']), /^\d+$/);
  });
}

describe('client lockout (in process)', () => {
  lockoutTests(
    async () => {
      const t = await createTestApp();
      return { t, owner: await registerUser(t.app) };
    },
    { realTime: false },
  );
});

describe('client lockout (Redis)', { skip: REDIS_URL ? false : 'Redis tests skipped: GUILDGATE_TEST_REDIS_URL is not set' }, () => {
  let redis: Redis;
  const prefix = `guildgate-test:${process.pid}:${randomBytes(4).toString('hex')}:limit`;
  before(async () => {
    redis = new Redis(REDIS_URL!);
    await redis.ping();
  });
  after(async () => {
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length > 0) await redis.del(...keys);
    await redis.quit();
  });
  lockoutTests(
    async () => {
      const t = await createTestApp({ redis, limitKeyPrefix: prefix });
      return { t, owner: await registerUser(t.app) };
    },
    { realTime: true },
  );
});

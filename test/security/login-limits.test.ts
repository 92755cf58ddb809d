// Login attempts are reserved atomically before the password is hashed: per login and address, per address, per
// account for a password change; registrations per address; a bounded number of hashes at once (503 beyond the queue).
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { Redis } from 'ioredis';
import { MemoryLimiter } from '../../src/limits/memory-limiter.js';
import { bearer, call, createTestApp, registerUser, unchanged, type TestApp } from '../helpers/app.js';
import { FrozenClock } from '../helpers/clock.js';
import { forEachDialect } from '../helpers/stores.js';

const REDIS_URL = process.env.GUILDGATE_TEST_REDIS_URL;

const login = (t: TestApp, body: object, ip: string) => call(t.app, { method: 'POST', url: '/api/v1/auth/login', payload: body, remoteAddress: ip });
const register = (t: TestApp, username: string, ip: string) =>
  call(t.app, { method: 'POST', url: '/api/v1/auth/register', payload: { username, password: 'correct horse battery' }, remoteAddress: ip });

function statusCounts(responses: { statusCode: number }[]): Record<number, number> {
  const counts: Record<number, number> = {};
  for (const { statusCode } of responses) counts[statusCode] = (counts[statusCode] ?? 0) + 1;
  return counts;
}

async function parallelWrongPasswords(t: TestApp, ip: string) {
  const user = await registerUser(t.app);
  const responses = await Promise.all(Array.from({ length: 40 }, () => login(t, { login: user.username, password: 'wrong password' }, ip)));
  return { user, responses };
}

const LIMITED = { GUILDGATE_LOGIN_MAX_FAILURES: '5', GUILDGATE_LOGIN_THROTTLE_WINDOW: '60', GUILDGATE_PASSWORD_HASH_QUEUE: '100' };

forEachDialect('login limits', (dialect) => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp({ dialect, env: { ...LIMITED, GUILDGATE_LOGIN_ADDRESS_LIMIT: '1000', GUILDGATE_REGISTER_ADDRESS_LIMIT: '2' } });
  });
  after(() => t.close());

  test('40 parallel wrong passwords with a limit of 5: exactly 5 are evaluated, 35 refused with 429', async () => {
    const { user, responses } = await parallelWrongPasswords(t, '10.5.0.1');
    assert.deepEqual(statusCounts(responses), { 401: 5, 429: 35 });
    const refused = responses.find((response) => response.statusCode === 429)!;
    assert.deepEqual(refused.data, { code: 'RATE_LIMITED', message: 'Too many failed logins; try again later' });
    assert.equal(refused.headers['retry-after'], '60');
    assert.equal(refused.headers['x-ratelimit-bucket'], 'login-failures');
    // The right password is refused as well from that address until the window ends, then accepted.
    assert.equal((await login(t, { login: user.username, password: user.password }, '10.5.0.1')).statusCode, 429);
    t.clock.advance(61);
    assert.equal((await login(t, { login: user.username, password: user.password }, '10.5.0.1')).statusCode, 200);
  });

  test('registrations are limited per address (GUILDGATE_REGISTER_ADDRESS_LIMIT), before any account is made', async () => {
    const ip = '10.5.0.2';
    assert.equal((await register(t, `reg_a_${dialect}`, ip)).statusCode, 201);
    assert.equal((await register(t, `reg_b_${dialect}`, ip)).statusCode, 201);
    const refused = await unchanged(t.db, () => register(t, `reg_c_${dialect}`, ip));
    assert.equal(refused.statusCode, 429);
    assert.deepEqual(refused.data, { code: 'RATE_LIMITED', message: 'Too many accounts from this address; try again later' });
    assert.equal(refused.headers['retry-after'], '3600');
    assert.equal((await register(t, `reg_c_${dialect}`, '10.5.0.3')).statusCode, 201);
  });

  test('guessing the current password on PATCH /users/@me is limited as logins are', async () => {
    const user = await registerUser(t.app);
    const change = (current: string) =>
      call(t.app, {
        method: 'PATCH',
        url: '/api/v1/users/@me',
        headers: bearer(user.token),
        payload: { password: current, new_password: 'a brand new password' },
      });
    for (let i = 0; i < 5; i++) assert.equal((await change('not my password')).statusCode, 400);
    const refused = await unchanged(t.db, () => change(user.password));
    assert.equal(refused.statusCode, 429);
    assert.deepEqual(refused.data, { code: 'RATE_LIMITED', message: 'Too many wrong passwords; try again later' });
  });
});

describe('login attempts per address (GUILDGATE_LOGIN_ADDRESS_LIMIT)', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp({ env: { ...LIMITED, GUILDGATE_LOGIN_ADDRESS_LIMIT: '3' } });
  });
  after(() => t.close());

  test('different login names from one address share the address limit; another address is not affected', async () => {
    const names = ['alpha_x', 'beta_x', 'gamma_x'];
    for (const name of names) assert.equal((await login(t, { login: name, password: 'whatever pw' }, '10.6.0.1')).statusCode, 401);
    const refused = await login(t, { login: 'delta_x', password: 'whatever pw' }, '10.6.0.1');
    assert.equal(refused.statusCode, 429);
    assert.deepEqual(refused.data, { code: 'RATE_LIMITED', message: 'Too many logins from this address; try again later' });
    assert.equal((await login(t, { login: 'delta_x', password: 'whatever pw' }, '10.6.0.2')).statusCode, 401);
  });
});

describe('the password hash queue (GUILDGATE_PASSWORD_HASH_CONCURRENCY, GUILDGATE_PASSWORD_HASH_QUEUE)', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp({ env: { GUILDGATE_PASSWORD_HASH_CONCURRENCY: '1', GUILDGATE_PASSWORD_HASH_QUEUE: '2', GUILDGATE_PASSWORD_SCRYPT_COST: '16384' } });
  });
  after(() => t.close());

  test('beyond the running hash and the queue, logins answer 503 SERVER_BUSY with Retry-After', async () => {
    const user = await registerUser(t.app);
    const responses = await Promise.all(
      Array.from({ length: 10 }, (_, i) => login(t, { login: user.username, password: 'wrong password' }, `10.7.0.${i + 1}`)),
    );
    // One hash runs, two wait: three are evaluated; the other seven are refused without hashing.
    assert.deepEqual(statusCounts(responses), { 401: 3, 503: 7 });
    const busy = responses.find((response) => response.statusCode === 503)!;
    assert.deepEqual(busy.data, { code: 'SERVER_BUSY', message: 'Too many password checks in progress; try again shortly' });
    assert.equal(busy.headers['retry-after'], '1');
    // Once the queue drains, logins are evaluated again.
    assert.equal((await login(t, { login: user.username, password: user.password }, '10.7.1.1')).statusCode, 200);
  });
});

describe('the in-process limiter', () => {
  test('holds at most its bound of keys, dropping the least recently used; a window ends after its seconds', async () => {
    const clock = new FrozenClock();
    const limiter = new MemoryLimiter({ name: 'test', points: 2, windowSeconds: 60 }, clock, 3);
    for (const key of ['a', 'b', 'c', 'a']) await limiter.consume(key);
    assert.deepEqual(await limiter.peek('b'), { allowed: true, consumed: 1, resetInMs: 60_000 });
    await limiter.consume('d');
    assert.equal(limiter.size, 3);
    assert.equal((await limiter.peek('c')).consumed, 0, 'c, the least recently used, was dropped');
    assert.deepEqual(await limiter.consume('a'), { allowed: false, consumed: 3, resetInMs: 60_000 });
    clock.advance(60);
    assert.deepEqual(await limiter.consume('a'), { allowed: true, consumed: 1, resetInMs: 60_000 });
  });
});

describe('login limits shared in Redis', { skip: REDIS_URL ? false : 'Redis tests skipped: GUILDGATE_TEST_REDIS_URL is not set' }, () => {
  let t: TestApp;
  let redis: Redis;
  const prefix = `guildgate-test:${process.pid}:${randomBytes(4).toString('hex')}:limit`;
  before(async () => {
    redis = new Redis(REDIS_URL!);
    await redis.ping();
    t = await createTestApp({ env: LIMITED, redis, limitKeyPrefix: prefix });
  });
  after(async () => {
    await t.close();
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length > 0) await redis.del(...keys);
    await redis.quit();
  });

  test('40 parallel wrong passwords with a limit of 5: exactly 5 are evaluated, counted under guildgate:limit:<name>:<key>', async () => {
    const { user, responses } = await parallelWrongPasswords(t, '10.8.0.1');
    assert.deepEqual(statusCounts(responses), { 401: 5, 429: 35 });
    assert.equal(await redis.get(`${prefix}:login-failures:${user.username.toLowerCase()}|10.8.0.1`), '40');
  });
});

// Failure counters: the in-process window and the Redis one shared by every node count and reset alike.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { Redis } from 'ioredis';
import { MemoryFailureCounter, RedisFailureCounter, type FailureCounter } from '../../src/accounts/failure-counter.js';
import { FrozenClock } from '../helpers/clock.js';

const REDIS_URL = process.env.GUILDGATE_TEST_REDIS_URL;

function behavesAsAFailureCounter(counter: () => FailureCounter) {
  test('counts per key and resets', async () => {
    const key = `k-${randomBytes(4).toString('hex')}`;
    assert.equal((await counter().peek(key)).count, 0);
    assert.equal((await counter().increment(key)).count, 1);
    assert.equal((await counter().increment(key)).count, 2);
    assert.equal((await counter().increment(`${key}-other`)).count, 1);
    assert.equal((await counter().peek(key)).count, 2);
    await counter().reset(key);
    assert.equal((await counter().peek(key)).count, 0);
  });
}

describe('in-process failure counter', () => {
  const clock = new FrozenClock();
  const memory = new MemoryFailureCounter(clock, 60_000);
  behavesAsAFailureCounter(() => memory);

  test('a window ends after its length', async () => {
    const first = await memory.increment('window');
    assert.equal(first.resetAt, clock.now() + 60_000);
    clock.advance(60);
    assert.equal((await memory.peek('window')).count, 0);
  });
});

describe('Redis failure counter', { skip: REDIS_URL ? false : 'Redis tests skipped: GUILDGATE_TEST_REDIS_URL is not set' }, () => {
  let redis: Redis;
  const prefix = `guildgate-test:${process.pid}:${randomBytes(4).toString('hex')}:`;
  before(() => {
    redis = new Redis(REDIS_URL!);
  });
  after(async () => {
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length > 0) await redis.del(...keys);
    await redis.quit();
  });
  behavesAsAFailureCounter(() => new RedisFailureCounter(redis, 60_000, prefix));

  test('the window is set once, on the first failure', async () => {
    const counter = new RedisFailureCounter(redis, 60_000, prefix);
    await counter.increment('ttl');
    const ttl = await redis.pttl(`${prefix}ttl`);
    assert.ok(ttl > 59_000 && ttl <= 60_000, `ttl ${ttl}`);
  });
});

// The in-process limiter (no Redis): fixed windows per key, and a bound on the keys it holds, so a stranger sending
// from ever new addresses cannot grow the server's memory.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { MemoryLimiter } from '../../src/limits/memory-limiter.js';
import { FrozenClock } from '../helpers/clock.js';

const rule = { name: 'test', points: 2, windowSeconds: 60 };

describe('the in-process limiter', () => {
  test('counts each key in its window, refuses past the points, and forgets the window when it ends', async () => {
    const clock = new FrozenClock();
    const limiter = new MemoryLimiter(rule, clock);
    assert.deepEqual(await limiter.consume('a'), { allowed: true, consumed: 1, resetInMs: 60_000 });
    assert.deepEqual(await limiter.consume('a'), { allowed: true, consumed: 2, resetInMs: 60_000 });
    assert.deepEqual(await limiter.consume('a'), { allowed: false, consumed: 3, resetInMs: 60_000 });
    assert.deepEqual(await limiter.consume('b'), { allowed: true, consumed: 1, resetInMs: 60_000 });
    clock.advance(60);
    assert.deepEqual(await limiter.consume('a'), { allowed: true, consumed: 1, resetInMs: 60_000 });
  });

  test('holds at most its bound of keys: the least recently used window is dropped', async () => {
    const limiter = new MemoryLimiter(rule, new FrozenClock(), 100);
    for (let i = 0; i < 250; i++) await limiter.consume(`address-${i}`);
    assert.equal(limiter.size, 100);
    assert.equal((await limiter.peek('address-249')).consumed, 1);
    assert.equal((await limiter.peek('address-0')).consumed, 0);
  });
});

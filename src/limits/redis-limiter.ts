// Limiter shared by every node: rate-limiter-flexible's atomic Redis INCR with expiry under `guildgate:limit:<name>:<key>`.
import type { Redis } from 'ioredis';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { LimitStoreError, type Limiter, type LimitRule, type LimitState } from './limiter.js';

export const REDIS_KEY_PREFIX = 'guildgate:limit';

export class RedisLimiter implements Limiter {
  private readonly counter: RateLimiterRedis;

  constructor(
    readonly rule: LimitRule,
    redis: Redis,
    keyPrefix = REDIS_KEY_PREFIX,
  ) {
    // rejectIfRedisNotReady: a down Redis answers at once instead of queueing the call.
    this.counter = new RateLimiterRedis({
      storeClient: redis,
      keyPrefix: `${keyPrefix}:${rule.name}`,
      points: rule.points,
      duration: rule.windowSeconds,
      rejectIfRedisNotReady: true,
    });
  }

  async consume(key: string): Promise<LimitState> {
    try {
      const result = await this.counter.consume(key);
      return { allowed: true, consumed: result.consumedPoints, resetInMs: result.msBeforeNext };
    } catch (outcome) {
      if (outcome instanceof RateLimiterRes) return { allowed: false, consumed: outcome.consumedPoints, resetInMs: outcome.msBeforeNext };
      throw new LimitStoreError(this.rule.name, outcome);
    }
  }

  async peek(key: string): Promise<LimitState> {
    let result: RateLimiterRes | null;
    try {
      result = await this.counter.get(key);
    } catch (error) {
      throw new LimitStoreError(this.rule.name, error);
    }
    const consumed = result?.consumedPoints ?? 0;
    return { allowed: consumed < this.rule.points, consumed, resetInMs: result?.msBeforeNext ?? this.rule.windowSeconds * 1000 };
  }

  async reset(key: string): Promise<void> {
    try {
      await this.counter.delete(key);
    } catch (error) {
      throw new LimitStoreError(this.rule.name, error);
    }
  }
}

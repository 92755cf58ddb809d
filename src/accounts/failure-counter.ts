// Counts failures per key in a fixed window: in process, or in Redis so every node shares the count.
import type { Redis } from 'ioredis';
import type { Clock } from '../clock.js';

export interface FailureCount {
  count: number;
  /** When the window of this key ends (ms since epoch). */
  resetAt: number;
}

export interface FailureCounter {
  peek(key: string): Promise<FailureCount>;
  increment(key: string): Promise<FailureCount>;
  reset(key: string): Promise<void>;
}

export class MemoryFailureCounter implements FailureCounter {
  private readonly entries = new Map<string, FailureCount>();

  constructor(
    private readonly clock: Clock,
    private readonly windowMs: number,
  ) {}

  private live(key: string): FailureCount | undefined {
    const entry = this.entries.get(key);
    if (entry && entry.resetAt <= this.clock.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return entry;
  }

  async peek(key: string): Promise<FailureCount> {
    return this.live(key) ?? { count: 0, resetAt: this.clock.now() + this.windowMs };
  }

  async increment(key: string): Promise<FailureCount> {
    const entry = this.live(key) ?? { count: 0, resetAt: this.clock.now() + this.windowMs };
    entry.count += 1;
    this.entries.set(key, entry);
    if (this.entries.size > 100_000) this.sweep();
    return { ...entry };
  }

  async reset(key: string): Promise<void> {
    this.entries.delete(key);
  }

  private sweep(): void {
    const now = this.clock.now();
    for (const [key, entry] of this.entries) if (entry.resetAt <= now) this.entries.delete(key);
  }
}

export class RedisFailureCounter implements FailureCounter {
  constructor(
    private readonly redis: Redis,
    private readonly windowMs: number,
    private readonly prefix = 'guildgate:failures:',
  ) {}

  async peek(key: string): Promise<FailureCount> {
    const [count, ttl] = await Promise.all([this.redis.get(this.prefix + key), this.redis.pttl(this.prefix + key)]);
    return { count: Number(count ?? 0), resetAt: Date.now() + (ttl > 0 ? ttl : this.windowMs) };
  }

  async increment(key: string): Promise<FailureCount> {
    const result = await this.redis.multi().incr(this.prefix + key).pexpire(this.prefix + key, this.windowMs, 'NX').pttl(this.prefix + key).exec();
    const count = Number(result?.[0]?.[1] ?? 1);
    const ttl = Number(result?.[2]?.[1] ?? this.windowMs);
    return { count, resetAt: Date.now() + (ttl > 0 ? ttl : this.windowMs) };
  }

  async reset(key: string): Promise<void> {
    await this.redis.del(this.prefix + key);
  }
}

// In-process limiter: fixed windows on the guildgate clock in an LRU map bounded in keys, so unique keys cannot grow memory.
import { LRUCache } from 'lru-cache';
import type { Clock } from '../clock.js';
import type { Limiter, LimitRule, LimitState } from './limiter.js';

/** Keys kept per limiter; the least recently used window is dropped beyond this. */
export const MEMORY_LIMITER_MAX_KEYS = 50_000;

interface Window {
  consumed: number;
  endsAt: number;
}

export class MemoryLimiter implements Limiter {
  private readonly windows: LRUCache<string, Window>;

  constructor(
    readonly rule: LimitRule,
    private readonly clock: Clock,
    maxKeys = MEMORY_LIMITER_MAX_KEYS,
  ) {
    // Bounded by size (one per window), not by `max`: with `max` lru-cache allocates its arrays for all 50 000 keys up
    // front, in each of the limiters of every app built (~15% of building an app).
    this.windows = new LRUCache({ maxSize: maxKeys, sizeCalculation: () => 1 });
  }

  private live(key: string): Window | undefined {
    const window = this.windows.get(key);
    if (window && window.endsAt <= this.clock.now()) {
      this.windows.delete(key);
      return undefined;
    }
    return window;
  }

  private state(window: Window | undefined): LimitState {
    const consumed = window?.consumed ?? 0;
    const resetInMs = window ? window.endsAt - this.clock.now() : this.rule.windowSeconds * 1000;
    return { allowed: consumed <= this.rule.points, consumed, resetInMs };
  }

  /** Synchronous read-modify-write: atomic within the process. */
  async consume(key: string): Promise<LimitState> {
    const window = this.live(key) ?? { consumed: 0, endsAt: this.clock.now() + this.rule.windowSeconds * 1000 };
    window.consumed += 1;
    this.windows.set(key, window);
    return this.state(window);
  }

  async peek(key: string): Promise<LimitState> {
    const state = this.state(this.live(key));
    return { ...state, allowed: state.consumed < this.rule.points };
  }

  async reset(key: string): Promise<void> {
    this.windows.delete(key);
  }

  /** Keys held (for the bound's test). */
  get size(): number {
    return this.windows.size;
  }
}

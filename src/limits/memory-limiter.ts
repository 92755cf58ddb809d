// In-process limiter: fixed windows on the guildgate clock in a map bounded in keys (least recently used dropped first),
// so unique keys cannot grow memory.
import type { Clock } from '../clock.js';
import type { Limiter, LimitRule, LimitState } from './limiter.js';

/** Keys kept per limiter; the least recently used window is dropped beyond this. */
export const MEMORY_LIMITER_MAX_KEYS = 50_000;

interface Window {
  consumed: number;
  endsAt: number;
}

export class MemoryLimiter implements Limiter {
  /**
   * In use order, least recent first (a Map keeps insertion order; a use re-inserts). A plain Map grows with the keys
   * held, where an LRU cache of 50,000 entries allocates them all up front in each of some twelve limiters.
   */
  private readonly windows = new Map<string, Window>();

  constructor(
    readonly rule: LimitRule,
    private readonly clock: Clock,
    private readonly maxKeys = MEMORY_LIMITER_MAX_KEYS,
  ) {}

  /** The key's window while it lasts, now the most recently used. */
  private live(key: string): Window | undefined {
    const window = this.windows.get(key);
    if (!window) return undefined;
    this.windows.delete(key);
    if (window.endsAt <= this.clock.now()) return undefined;
    this.windows.set(key, window);
    return window;
  }

  private state(window: Window | undefined): LimitState {
    const consumed = window?.consumed ?? 0;
    const resetInMs = window ? window.endsAt - this.clock.now() : this.rule.windowSeconds * 1000;
    return { allowed: consumed <= this.rule.points, consumed, resetInMs };
  }

  /** Synchronous read-modify-write: atomic within the process. */
  async consume(key: string): Promise<LimitState> {
    let window = this.live(key);
    if (!window) {
      window = { consumed: 0, endsAt: this.clock.now() + this.rule.windowSeconds * 1000 };
      this.windows.set(key, window);
      if (this.windows.size > this.maxKeys) this.windows.delete(this.windows.keys().next().value!);
    }
    window.consumed += 1;
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

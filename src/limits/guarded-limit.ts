// A limit with its answer for a shared store that is down: fail closed (503, for what guards passwords and upstream
// credentials) or fail open (the request goes on, for budgets whose refusal would only cost availability).
import { ApiError } from '../errors/api-error.js';
import { LimitStoreError, retryAfterSeconds, type Limiter, type LimitState } from './limiter.js';
import type { StoreHealth } from './store-health.js';

export type StoreDownPolicy = 'fail-open' | 'fail-closed';

/** Seconds a client refused because the limit store is down is asked to wait. */
export const STORE_DOWN_RETRY_AFTER_SECONDS = 5;

/** What a fail-open limit answers when its store is down: allowed, nothing counted. */
const UNCOUNTED: LimitState = { allowed: true, consumed: 0, resetInMs: 0 };

export class GuardedLimit {
  constructor(
    readonly limiter: Limiter,
    private readonly policy: StoreDownPolicy,
    private readonly health: StoreHealth,
  ) {}

  get name(): string {
    return this.limiter.rule.name;
  }

  get points(): number {
    return this.limiter.rule.points;
  }

  private async guarded<T>(work: () => Promise<T>, open: T): Promise<T> {
    try {
      const result = await work();
      this.health.answered();
      return result;
    } catch (error) {
      if (!(error instanceof LimitStoreError)) throw error;
      this.health.failed(error);
      if (this.policy === 'fail-open') return open;
      throw ApiError.serverBusy(STORE_DOWN_RETRY_AFTER_SECONDS, 'Temporarily unavailable; try again shortly');
    }
  }

  consume(key: string): Promise<LimitState> {
    return this.guarded(() => this.limiter.consume(key), UNCOUNTED);
  }

  peek(key: string): Promise<LimitState> {
    return this.guarded(() => this.limiter.peek(key), UNCOUNTED);
  }

  reset(key: string): Promise<void> {
    return this.guarded(() => this.limiter.reset(key), undefined);
  }

  /** X-RateLimit-* headers of a counted attempt (Discord's: what is left of the window, and when it ends). */
  stateHeaders(state: LimitState, now: number): Record<string, string> {
    return {
      'x-ratelimit-limit': String(this.points),
      'x-ratelimit-remaining': String(Math.max(0, this.points - state.consumed)),
      'x-ratelimit-reset': ((now + state.resetInMs) / 1000).toFixed(3),
      'x-ratelimit-reset-after': (state.resetInMs / 1000).toFixed(3),
      'x-ratelimit-bucket': this.name,
    };
  }

  /** Retry-After and X-RateLimit-* headers of a refused attempt. */
  refusalHeaders(state: LimitState, now: number): Record<string, string> {
    return { 'retry-after': String(retryAfterSeconds(state)), ...this.stateHeaders(state, now), 'x-ratelimit-remaining': '0' };
  }

  /** 429 RATE_LIMITED for a refused attempt, with its headers (OAuth routes answer it as temporarily_unavailable). */
  refusal(state: LimitState, now: number, message: string): ApiError {
    return new ApiError(429, 'RATE_LIMITED', message, undefined, this.refusalHeaders(state, now));
  }

  /** Counts one attempt; a refusal is 429 RATE_LIMITED with the message given. */
  async enforce(key: string, now: number, message: string): Promise<LimitState> {
    const state = await this.consume(key);
    if (!state.allowed) throw this.refusal(state, now, message);
    return state;
  }
}

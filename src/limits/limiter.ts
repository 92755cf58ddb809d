// A named fixed-window counter: consume reserves one attempt atomically and says whether it is within the limit.

export interface LimitRule {
  /** The limit's name: part of its storage key (`guildgate:limit:<name>:<key>`) and of the X-RateLimit-Bucket header. */
  name: string;
  /** Attempts a window allows. */
  points: number;
  /** Window length in seconds (starts with the first attempt of a key). */
  windowSeconds: number;
}

export interface LimitState {
  allowed: boolean;
  /** Attempts counted in the current window, this one included. */
  consumed: number;
  /** Milliseconds until the window of this key ends. */
  resetInMs: number;
}

export interface Limiter {
  readonly rule: LimitRule;
  /** Counts one attempt for the key (atomic: no two callers see the same count). Throws LimitStoreError when the store cannot answer. */
  consume(key: string): Promise<LimitState>;
  /** The current count of the key without counting; allowed while the count is below the limit. */
  peek(key: string): Promise<LimitState>;
  /** Forgets the key (a successful login clears its failures). */
  reset(key: string): Promise<void>;
}

/** The shared counter store (Redis) did not answer. */
export class LimitStoreError extends Error {
  constructor(
    readonly rule: string,
    readonly reason: unknown,
  ) {
    super(`Limit store unavailable for ${rule}`);
    this.name = 'LimitStoreError';
  }
}

export function retryAfterSeconds(state: LimitState): number {
  return Math.max(1, Math.ceil(state.resetInMs / 1000));
}

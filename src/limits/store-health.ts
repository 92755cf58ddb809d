// Logs when the shared limit store (Redis) stops answering, and when it answers again: one line per change, not per request.
import type { LimitStoreError } from './limiter.js';

export interface LimitsLog {
  warn(details: object, message: string): void;
  info(details: object, message: string): void;
}

/** For in-process limits (the command line): they have no store to lose. */
export const QUIET_LIMITS_LOG: LimitsLog = { warn: () => undefined, info: () => undefined };

export class StoreHealth {
  private down = false;

  constructor(private readonly log: LimitsLog) {}

  failed(error: LimitStoreError): void {
    if (this.down) return;
    this.down = true;
    const reason = error.reason instanceof Error ? error.reason.message : String(error.reason);
    this.log.warn({ limit: error.rule, reason }, 'Redis is unavailable: login, registration and upstream login answer 503; other limits are not counted');
  }

  answered(): void {
    if (!this.down) return;
    this.down = false;
    this.log.info({}, 'Redis answers again: every limit is counted');
  }
}

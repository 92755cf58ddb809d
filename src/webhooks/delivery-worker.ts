// Delivers the event outbox: polls due rows, claims each attempt atomically, POSTs it signed, retries with backoff.
import type { Clock } from '../clock.js';
import { PeriodicTask } from '../periodic-task.js';
import type { WebhookSettings } from '../config.js';
import type { AttemptOutcome, EventRecord, Store } from '../storage/types.js';
import { subscribes } from './events-service.js';
import type { WebhookSender } from './signed-post.js';

export const BACKOFF_BASE_MS = 5_000;
export const BACKOFF_CAP_MS = 3_600_000;
const BATCH_SIZE = 20;
/** A claimed attempt that never reports back (crash) is retried this long after its timeout. */
const LEASE_MARGIN_MS = 60_000;

/** Exponential backoff with equal jitter: between half and all of min(cap, base * 2^(attempt-1)). */
export function backoffDelay(attempt: number, random: () => number = Math.random): number {
  const ceiling = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** (attempt - 1));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

export class DeliveryWorker {
  private readonly polling: PeriodicTask;

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly settings: WebhookSettings,
    private readonly sender: WebhookSender,
    onError: (error: unknown) => void,
  ) {
    this.polling = new PeriodicTask(settings.pollIntervalMs, () => this.runOnce(), onError);
  }

  /** Polls every `pollIntervalMs` (never when it is 0) until stop(). */
  start(): void {
    this.polling.start();
  }

  /** Stops polling and waits for the round in flight. */
  stop(): Promise<void> {
    return this.polling.stop();
  }

  /** One round: attempts every due event once; returns how many attempts this worker made. */
  async runOnce(): Promise<number> {
    const due = await this.store.events.listDue(this.clock.now(), BATCH_SIZE);
    const attempted = await Promise.all(due.map((event) => this.attempt(event)));
    return attempted.filter(Boolean).length;
  }

  private async attempt(event: EventRecord): Promise<boolean> {
    const startedAt = this.clock.now();
    if (!(await this.store.events.claim(event.id, event.attempts, startedAt, startedAt + this.settings.timeoutMs + LEASE_MARGIN_MS))) return false;
    const attempt = event.attempts + 1;
    const settings = await this.store.events.findSettings(event.applicationId);
    if (!subscribes(settings, event.type)) {
      const dropped = 'dropped: event webhooks disabled or no longer subscribed to this type';
      await this.store.events.finishAttempt(
        event.id,
        { status: 'failed', nextAttemptAt: startedAt, deliveredAt: null, lastStatus: null, lastError: dropped },
        null,
      );
      return true;
    }
    const result = await this.sender.post(settings.url, event.payload, settings.signingKey, startedAt);
    const now = this.clock.now();
    const last = { lastStatus: result.status, lastError: result.error };
    const outcome: AttemptOutcome = result.ok
      ? { status: 'delivered', nextAttemptAt: now, deliveredAt: now, ...last }
      : attempt >= this.settings.maxAttempts
        ? { status: 'failed', nextAttemptAt: now, deliveredAt: null, ...last }
        : { status: 'pending', nextAttemptAt: now + backoffDelay(attempt), deliveredAt: null, ...last };
    await this.store.events.finishAttempt(event.id, outcome, {
      eventId: event.id,
      attempt,
      at: startedAt,
      statusCode: result.status,
      error: result.error,
      durationMs: result.durationMs,
    });
    return true;
  }
}

// Delivers the event outbox: polls due rows, claims each attempt atomically under a lease, POSTs it signed, retries with
// backoff; one application's events go out one at a time, in the order they were written.
import type { Clock } from '../clock.js';
import { PeriodicTask } from '../periodic-task.js';
import type { WebhookSettings } from '../config.js';
import type { AttemptOutcome, EventRecord, Store } from '../storage/types.js';
import { subscribes } from './events-service.js';
import type { WebhookSender } from './signed-post.js';

export const BACKOFF_BASE_MS = 5_000;
export const BACKOFF_CAP_MS = 3_600_000;
/** Applications served in one round, and attempts per application in one round. */
const BATCH_SIZE = 20;

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

  /**
   * One round: for each application with a due event, its events in order until one is left pending (to retry later)
   * or none is due; returns how many attempts this worker made.
   */
  async runOnce(): Promise<number> {
    const due = await this.store.events.listDue(this.clock.now(), BATCH_SIZE);
    const attempted = await Promise.all(due.map((event) => this.deliverInOrder(event)));
    return attempted.reduce((sum, count) => sum + count, 0);
  }

  private async deliverInOrder(first: EventRecord): Promise<number> {
    let attempts = 0;
    for (let event: EventRecord | undefined = first; event && attempts < BATCH_SIZE;) {
      const status = await this.attempt(event);
      if (status === null) break;
      attempts++;
      if (status === 'pending') break;
      [event] = await this.store.events.listDue(this.clock.now(), 1, event.applicationId);
    }
    return attempts;
  }

  /** Claims and makes the event's next attempt; returns the status it left, or null when another worker has it. */
  private async attempt(event: EventRecord): Promise<AttemptOutcome['status'] | null> {
    const startedAt = this.clock.now();
    if (!(await this.store.events.claim(event.id, event.attempts, startedAt, startedAt + this.settings.leaseMs))) return null;
    const attempt = event.attempts + 1;
    const settings = await this.store.events.findSettings(event.applicationId);
    if (!subscribes(settings, event.type)) {
      const dropped = 'dropped: event webhooks disabled or no longer subscribed to this type';
      await this.store.events.finishAttempt(
        event.id,
        attempt,
        { status: 'failed', nextAttemptAt: startedAt, deliveredAt: null, lastStatus: null, lastError: dropped },
        null,
      );
      return 'failed';
    }
    const result = await this.sender.post(settings.url, event.payload, settings.signingKey, startedAt);
    const now = this.clock.now();
    const last = { lastStatus: result.status, lastError: result.error };
    const outcome: AttemptOutcome = result.ok
      ? { status: 'delivered', nextAttemptAt: now, deliveredAt: now, ...last }
      : attempt >= this.settings.maxAttempts
        ? { status: 'failed', nextAttemptAt: now, deliveredAt: null, ...last }
        : { status: 'pending', nextAttemptAt: now + backoffDelay(attempt), deliveredAt: null, ...last };
    await this.store.events.finishAttempt(event.id, attempt, outcome, {
      eventId: event.id,
      attempt,
      at: startedAt,
      statusCode: result.status,
      error: result.error,
      durationMs: result.durationMs,
    });
    return outcome.status;
  }
}

// The event store: an application's event-webhook settings, its outbox and delivery log.

export type EventWebhookStatus = 'enabled' | 'disabled';

export interface EventSettingsRecord {
  applicationId: string;
  url: string | null;
  types: string[];
  status: EventWebhookStatus;
  /** Hex of the raw 32-byte Ed25519 public key. */
  verifyKey: string;
  /** Base64 of the PKCS8 DER Ed25519 private key. */
  signingKey: string;
}

export type EventStatus = 'pending' | 'delivered' | 'failed';

export interface EventRecord {
  id: string;
  applicationId: string;
  type: string;
  /** The exact JSON body delivered (signed as is on every attempt). */
  payload: string;
  status: EventStatus;
  createdAt: number;
  attempts: number;
  nextAttemptAt: number;
  deliveredAt: number | null;
  lastStatus: number | null;
  lastError: string | null;
}

export interface EventDeliveryRecord {
  eventId: string;
  attempt: number;
  at: number;
  statusCode: number | null;
  error: string | null;
  durationMs: number;
}

/** What an attempt left behind: `pending` again with a later due time, `delivered` or `failed`. */
export type AttemptOutcome = Pick<EventRecord, 'status' | 'nextAttemptAt' | 'deliveredAt' | 'lastStatus' | 'lastError'>;

export interface EventStore {
  findSettings(applicationId: string): Promise<EventSettingsRecord | null>;
  /** Inserts the settings unless the application has some already; returns the stored ones. */
  insertSettingsIfAbsent(settings: EventSettingsRecord): Promise<EventSettingsRecord>;
  /** Inserts or replaces url, types and status; the key pair is only written when the row is new. */
  saveSettings(settings: EventSettingsRecord): Promise<EventSettingsRecord>;
  enqueue(event: EventRecord): Promise<void>;
  findEvent(id: string): Promise<EventRecord | null>;
  /**
   * The oldest pending event of each application (of `applicationId` only, when given) when it is due at `now`,
   * oldest due first: an application's later events wait until the earlier ones are delivered or failed.
   */
  listDue(now: number, limit: number, applicationId?: string): Promise<EventRecord[]>;
  /**
   * Claims the next attempt of a due pending event seen with `attempts`, when no earlier event of its application is
   * pending: counts the attempt and moves its due time to `leaseUntil`. True for exactly one of any number of
   * concurrent claimers.
   */
  claim(id: string, attempts: number, now: number, leaseUntil: number): Promise<boolean>;
  /**
   * Records the outcome of the attempt that claimed the event to `attempts` (unless a later claim took it over after
   * the lease lapsed) and appends the attempt to the delivery log.
   */
  finishAttempt(id: string, attempts: number, outcome: AttemptOutcome, delivery: EventDeliveryRecord | null): Promise<void>;
  /** The application's delivery log, newest first. */
  listDeliveries(applicationId: string, limit: number): Promise<(EventDeliveryRecord & { eventType: string })[]>;
  /** Pending events (the outbox depth) and the creation time of the oldest (null when none). */
  outboxStats(): Promise<{ pending: number; oldestCreatedAt: number | null }>;
}

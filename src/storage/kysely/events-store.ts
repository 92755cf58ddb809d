// EventStore on Kysely: application event webhook settings, the event outbox with atomic claims, and the delivery log.
import type { ExpressionBuilder, Kysely, Selectable } from 'kysely';
import type { AttemptOutcome, EventDeliveryRecord, EventRecord, EventSettingsRecord, EventStatus, EventStore, EventWebhookStatus } from '../types.js';
import type { ApplicationEventSettingsTable, Database, EventsTable } from './schema.js';

function toSettings(row: Selectable<ApplicationEventSettingsTable>): EventSettingsRecord {
  return {
    applicationId: row.application_id,
    url: row.url,
    types: JSON.parse(row.types) as string[],
    status: row.status as EventWebhookStatus,
    verifyKey: row.verify_key,
    signingKey: row.signing_key,
  };
}

function settingsRow(settings: EventSettingsRecord): ApplicationEventSettingsTable {
  return {
    application_id: settings.applicationId,
    url: settings.url,
    types: JSON.stringify(settings.types),
    status: settings.status,
    verify_key: settings.verifyKey,
    signing_key: settings.signingKey,
  };
}

function toEvent(row: Selectable<EventsTable>): EventRecord {
  return {
    id: row.id,
    applicationId: row.application_id,
    type: row.type,
    payload: row.payload,
    status: row.status as EventStatus,
    createdAt: Number(row.created_at),
    attempts: row.attempts,
    nextAttemptAt: Number(row.next_attempt_at),
    deliveredAt: row.delivered_at === null ? null : Number(row.delivered_at),
    lastStatus: row.last_status,
    lastError: row.last_error,
  };
}

/** A pending event of the same application as the outer `events` row, written before it (by time, then id). */
function earlierPending(eb: ExpressionBuilder<Database, 'events'>) {
  return eb
    .selectFrom('events as earlier')
    .select('earlier.id')
    .whereRef('earlier.application_id', '=', 'events.application_id')
    .where('earlier.status', '=', 'pending')
    .where((inner) =>
      inner.or([
        inner('earlier.created_at', '<', inner.ref('events.created_at')),
        inner.and([inner('earlier.created_at', '=', inner.ref('events.created_at')), inner('earlier.id', '<', inner.ref('events.id'))]),
      ]),
    );
}

export class KyselyEventStore implements EventStore {
  constructor(private readonly db: Kysely<Database>) {}

  async findSettings(applicationId: string): Promise<EventSettingsRecord | null> {
    const row = await this.db.selectFrom('application_event_settings').selectAll().where('application_id', '=', applicationId).executeTakeFirst();
    return row ? toSettings(row) : null;
  }

  async insertSettingsIfAbsent(settings: EventSettingsRecord): Promise<EventSettingsRecord> {
    await this.db
      .insertInto('application_event_settings')
      .values(settingsRow(settings))
      .onConflict((oc) => oc.column('application_id').doNothing())
      .execute();
    return (await this.findSettings(settings.applicationId))!;
  }

  async saveSettings(settings: EventSettingsRecord): Promise<EventSettingsRecord> {
    const row = settingsRow(settings);
    const saved = await this.db
      .insertInto('application_event_settings')
      .values(row)
      .onConflict((oc) => oc.column('application_id').doUpdateSet({ url: row.url, types: row.types, status: row.status }))
      .returningAll()
      .executeTakeFirstOrThrow();
    return toSettings(saved);
  }

  async enqueue(event: EventRecord): Promise<void> {
    await this.db
      .insertInto('events')
      .values({
        id: event.id,
        application_id: event.applicationId,
        type: event.type,
        payload: event.payload,
        status: event.status,
        created_at: event.createdAt,
        attempts: event.attempts,
        next_attempt_at: event.nextAttemptAt,
        delivered_at: event.deliveredAt,
        last_status: event.lastStatus,
        last_error: event.lastError,
      })
      .execute();
  }

  async findEvent(id: string): Promise<EventRecord | null> {
    const row = await this.db.selectFrom('events').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? toEvent(row) : null;
  }

  async listDue(now: number, limit: number, applicationId?: string): Promise<EventRecord[]> {
    let query = this.db
      .selectFrom('events')
      .selectAll()
      .where('status', '=', 'pending')
      .where('next_attempt_at', '<=', now)
      .where((eb) => eb.not(eb.exists(earlierPending(eb))));
    if (applicationId !== undefined) query = query.where('application_id', '=', applicationId);
    const rows = await query.orderBy('next_attempt_at').orderBy('id').limit(limit).execute();
    return rows.map(toEvent);
  }

  async claim(id: string, attempts: number, now: number, leaseUntil: number): Promise<boolean> {
    const result = await this.db
      .updateTable('events')
      .set({ attempts: attempts + 1, next_attempt_at: leaseUntil })
      .where('id', '=', id)
      .where('status', '=', 'pending')
      .where('attempts', '=', attempts)
      .where('next_attempt_at', '<=', now)
      .where((eb) => eb.not(eb.exists(earlierPending(eb))))
      .executeTakeFirst();
    return result.numUpdatedRows === 1n;
  }

  async finishAttempt(id: string, attempts: number, outcome: AttemptOutcome, delivery: EventDeliveryRecord | null): Promise<void> {
    const write = async (db: Kysely<Database>) => {
      await db
        .updateTable('events')
        .set({
          status: outcome.status,
          next_attempt_at: outcome.nextAttemptAt,
          delivered_at: outcome.deliveredAt,
          last_status: outcome.lastStatus,
          last_error: outcome.lastError,
        })
        .where('id', '=', id)
        .where('attempts', '=', attempts)
        .execute();
      if (delivery) {
        await db
          .insertInto('event_deliveries')
          .values({
            event_id: delivery.eventId,
            attempt: delivery.attempt,
            at: delivery.at,
            status_code: delivery.statusCode,
            error: delivery.error,
            duration_ms: delivery.durationMs,
          })
          .execute();
      }
    };
    await (this.db.isTransaction ? write(this.db) : this.db.transaction().execute(write));
  }

  async listDeliveries(applicationId: string, limit: number): Promise<(EventDeliveryRecord & { eventType: string })[]> {
    const rows = await this.db
      .selectFrom('event_deliveries as d')
      .innerJoin('events as e', 'e.id', 'd.event_id')
      .selectAll('d')
      .select('e.type')
      .where('e.application_id', '=', applicationId)
      .orderBy('d.at', 'desc')
      .orderBy('d.event_id', 'desc')
      .orderBy('d.attempt', 'desc')
      .limit(limit)
      .execute();
    return rows.map((row) => ({
      eventId: row.event_id,
      eventType: row.type,
      attempt: row.attempt,
      at: Number(row.at),
      statusCode: row.status_code,
      error: row.error,
      durationMs: row.duration_ms,
    }));
  }

  async outboxStats(): Promise<{ pending: number; oldestCreatedAt: number | null }> {
    const row = await this.db
      .selectFrom('events')
      .select((eb) => [eb.fn.countAll().as('pending'), eb.fn.min('created_at').as('oldest')])
      .where('status', '=', 'pending')
      .executeTakeFirstOrThrow();
    return { pending: Number(row.pending), oldestCreatedAt: row.oldest === null ? null : Number(row.oldest) };
  }
}

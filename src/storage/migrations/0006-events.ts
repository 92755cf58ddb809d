// Migration 0006: signed application events: per-application webhook settings, the outbox and its delivery log.
import type { PortableMigration } from './index.js';
import { timeType } from './column-types.js';

export const events: PortableMigration = (dialect) => ({
  async up(db) {
    const time = timeType(dialect);
    await db.schema
      .createTable('application_event_settings')
      .addColumn('application_id', 'text', (c) => c.primaryKey().references('applications.id').onDelete('cascade'))
      .addColumn('url', 'text')
      .addColumn('types', 'text', (c) => c.notNull().defaultTo('[]'))
      .addColumn('status', 'text', (c) => c.notNull().defaultTo('disabled'))
      .addColumn('verify_key', 'text', (c) => c.notNull())
      .addColumn('signing_key', 'text', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('events')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('application_id', 'text', (c) => c.notNull().references('applications.id').onDelete('cascade'))
      .addColumn('type', 'text', (c) => c.notNull())
      .addColumn('payload', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull().defaultTo('pending'))
      .addColumn('created_at', time, (c) => c.notNull())
      .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('next_attempt_at', time, (c) => c.notNull())
      .addColumn('delivered_at', time)
      .addColumn('last_status', 'integer')
      .addColumn('last_error', 'text')
      .execute();
    await db.schema.createIndex('events_due').on('events').columns(['status', 'next_attempt_at']).execute();
    await db.schema.createIndex('events_application_id').on('events').column('application_id').execute();

    await db.schema
      .createTable('event_deliveries')
      .addColumn('event_id', 'text', (c) => c.notNull().references('events.id').onDelete('cascade'))
      .addColumn('attempt', 'integer', (c) => c.notNull())
      .addColumn('at', time, (c) => c.notNull())
      .addColumn('status_code', 'integer')
      .addColumn('error', 'text')
      .addColumn('duration_ms', 'integer', (c) => c.notNull())
      .addPrimaryKeyConstraint('event_deliveries_pk', ['event_id', 'attempt'])
      .execute();
  },
});

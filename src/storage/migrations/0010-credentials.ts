// Migration 0010: credentials that die with their reason: when a user was banned, when a refresh token family started
// (its absolute lifetime), and the upstream web logins under way (each state usable once).
import { sql } from 'kysely';
import type { PortableMigration } from './index.js';
import { timeType } from './column-types.js';

export const credentials: PortableMigration = (dialect) => ({
  async up(db) {
    const time = timeType(dialect);
    await db.schema.alterTable('users').addColumn('banned_at', time).execute();

    // Existing families started when their oldest token still on record was issued.
    await db.schema
      .alterTable('oauth_tokens')
      .addColumn('family_started_at', time, (c) => c.notNull().defaultTo(0))
      .execute();
    await sql`update oauth_tokens set family_started_at = (select min(f.created_at) from oauth_tokens f where f.family_id = oauth_tokens.family_id)`.execute(
      db,
    );

    await db.schema
      .createTable('upstream_login_states')
      .addColumn('state_digest', 'text', (c) => c.primaryKey())
      .addColumn('expires_at', time, (c) => c.notNull())
      .execute();
    await db.schema.createIndex('upstream_login_states_expires_at').on('upstream_login_states').column('expires_at').execute();
  },
});

// Migration 0008: upstream accounts linked to local users, and the provider an imported guild came from.
import type { PortableMigration } from './index.js';
import { timeType } from './column-types.js';

export const linkedIdentities: PortableMigration = (dialect) => ({
  async up(db) {
    await db.schema
      .createTable('linked_identities')
      .addColumn('provider', 'text', (c) => c.notNull())
      .addColumn('upstream_user_id', 'text', (c) => c.notNull())
      .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
      .addColumn('created_at', timeType(dialect), (c) => c.notNull())
      .addPrimaryKeyConstraint('linked_identities_pk', ['provider', 'upstream_user_id'])
      .execute();
    await db.schema.createIndex('linked_identities_user_id').on('linked_identities').column('user_id').execute();

    // Null for guilds created here; a provider's name for guilds its logins imported (their memberships follow the provider).
    await db.schema.alterTable('guilds').addColumn('source_provider', 'text').execute();
  },
});

// Migration 0007: guild integrations (an application installed into a guild) and the install a code or token is bound to.
import type { PortableMigration } from './index.js';
import { timeType } from './column-types.js';

export const integrations: PortableMigration = (dialect) => ({
  async up(db) {
    await db.schema
      .createTable('guild_integrations')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('guild_id', 'text', (c) => c.notNull().references('guilds.id').onDelete('cascade'))
      .addColumn('application_id', 'text', (c) => c.notNull().references('applications.id').onDelete('cascade'))
      .addColumn('permissions', 'text', (c) => c.notNull())
      .addColumn('scopes', 'text', (c) => c.notNull())
      .addColumn('installed_by', 'text', (c) => c.references('users.id').onDelete('set null'))
      .addColumn('installed_at', timeType(dialect), (c) => c.notNull())
      .execute();
    await db.schema.createIndex('guild_integrations_guild_application').on('guild_integrations').columns(['guild_id', 'application_id']).unique().execute();
    await db.schema.createIndex('guild_integrations_application_id').on('guild_integrations').column('application_id').execute();
    await db.schema.createIndex('guild_integrations_installed_by').on('guild_integrations').column('installed_by').execute();

    // A code from a bot install names the guild, the granted permissions and the install; removing the install
    // clears integration_id on its codes and tokens in the same statement (ON DELETE SET NULL), which ends their guild access.
    // SQLite adds one column per ALTER TABLE.
    await db.schema
      .alterTable('oauth_codes')
      .addColumn('guild_id', 'text', (c) => c.references('guilds.id').onDelete('cascade'))
      .execute();
    await db.schema.alterTable('oauth_codes').addColumn('permissions', 'text').execute();
    await db.schema
      .alterTable('oauth_codes')
      .addColumn('integration_id', 'text', (c) => c.references('guild_integrations.id').onDelete('set null'))
      .execute();
    await db.schema
      .alterTable('oauth_tokens')
      .addColumn('guild_id', 'text', (c) => c.references('guilds.id').onDelete('set null'))
      .execute();
    await db.schema
      .alterTable('oauth_tokens')
      .addColumn('integration_id', 'text', (c) => c.references('guild_integrations.id').onDelete('set null'))
      .execute();
    await db.schema.createIndex('oauth_codes_guild_id').on('oauth_codes').column('guild_id').execute();
    await db.schema.createIndex('oauth_codes_integration_id').on('oauth_codes').column('integration_id').execute();
    await db.schema.createIndex('oauth_tokens_guild_id').on('oauth_tokens').column('guild_id').execute();
    await db.schema.createIndex('oauth_tokens_integration_id').on('oauth_tokens').column('integration_id').execute();
  },
});

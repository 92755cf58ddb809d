// Migration 0002: developer applications (OAuth2 clients), each with its bot user.
import type { PortableMigration } from './index.js';
import { timeType } from './column-types.js';

export const applications: PortableMigration = (dialect) => ({
  async up(db) {
    await db.schema
      .createTable('applications')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('owner_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('description', 'text')
      .addColumn('icon', 'text')
      .addColumn('terms_of_service_url', 'text')
      .addColumn('privacy_policy_url', 'text')
      .addColumn('redirect_uris', 'text', (c) => c.notNull().defaultTo('[]'))
      .addColumn('token_endpoint_auth_method', 'text', (c) => c.notNull())
      .addColumn('client_secret_digest', 'text')
      .addColumn('bot_user_id', 'text', (c) => c.notNull().unique().references('users.id'))
      .addColumn('bot_token_digest', 'text', (c) => c.notNull().unique())
      .addColumn('bot_public', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('bot_require_code_grant', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('flags', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('created_at', timeType(dialect), (c) => c.notNull())
      .execute();
    await db.schema.createIndex('applications_owner_id').on('applications').column('owner_id').execute();
  },
});

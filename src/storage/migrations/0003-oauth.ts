// Migration 0003: OAuth2 authorizations (a user's grant to an application), authorization codes and access/refresh tokens.
import type { PortableMigration } from './index.js';
import { timeType } from './column-types.js';

export const oauth: PortableMigration = (dialect) => ({
  async up(db) {
    const time = timeType(dialect);
    await db.schema
      .createTable('oauth_authorizations')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
      .addColumn('application_id', 'text', (c) => c.notNull().references('applications.id').onDelete('cascade'))
      .addColumn('scopes', 'text', (c) => c.notNull())
      .addColumn('created_at', time, (c) => c.notNull())
      .addColumn('updated_at', time, (c) => c.notNull())
      .execute();
    await db.schema.createIndex('oauth_authorizations_user_application').on('oauth_authorizations').columns(['user_id', 'application_id']).unique().execute();
    await db.schema.createIndex('oauth_authorizations_application_id').on('oauth_authorizations').column('application_id').execute();

    await db.schema
      .createTable('oauth_codes')
      .addColumn('digest', 'text', (c) => c.primaryKey())
      .addColumn('application_id', 'text', (c) => c.notNull().references('applications.id').onDelete('cascade'))
      .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
      .addColumn('authorization_id', 'text', (c) => c.notNull().references('oauth_authorizations.id').onDelete('cascade'))
      .addColumn('family_id', 'text', (c) => c.notNull())
      .addColumn('redirect_uri', 'text')
      .addColumn('scopes', 'text', (c) => c.notNull())
      .addColumn('code_challenge', 'text')
      .addColumn('nonce', 'text')
      .addColumn('created_at', time, (c) => c.notNull())
      .addColumn('expires_at', time, (c) => c.notNull())
      .addColumn('consumed_at', time)
      .execute();
    await db.schema.createIndex('oauth_codes_authorization_id').on('oauth_codes').column('authorization_id').execute();
    await db.schema.createIndex('oauth_codes_application_id').on('oauth_codes').column('application_id').execute();
    await db.schema.createIndex('oauth_codes_user_id').on('oauth_codes').column('user_id').execute();

    await db.schema
      .createTable('oauth_tokens')
      .addColumn('digest', 'text', (c) => c.primaryKey())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('family_id', 'text', (c) => c.notNull())
      .addColumn('application_id', 'text', (c) => c.notNull().references('applications.id').onDelete('cascade'))
      .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
      .addColumn('authorization_id', 'text', (c) => c.references('oauth_authorizations.id').onDelete('cascade'))
      .addColumn('grant_type', 'text', (c) => c.notNull())
      .addColumn('scopes', 'text', (c) => c.notNull())
      .addColumn('created_at', time, (c) => c.notNull())
      .addColumn('expires_at', time, (c) => c.notNull())
      .addColumn('revoked_at', time)
      .execute();
    await db.schema.createIndex('oauth_tokens_family_id').on('oauth_tokens').column('family_id').execute();
    await db.schema.createIndex('oauth_tokens_authorization_id').on('oauth_tokens').column('authorization_id').execute();
    await db.schema.createIndex('oauth_tokens_application_id').on('oauth_tokens').column('application_id').execute();
    await db.schema.createIndex('oauth_tokens_user_id').on('oauth_tokens').column('user_id').execute();
  },
});

// Migration 0001: users and sessions (login, app_login and API tokens).
import type { PortableMigration } from './index.js';
import { timeType } from './column-types.js';

export const foundation: PortableMigration = (dialect) => ({
  async up(db) {
    const time = timeType(dialect);
    await db.schema
      .createTable('users')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('username', 'text', (c) => c.notNull())
      .addColumn('username_lower', 'text', (c) => c.notNull())
      .addColumn('discriminator', 'text', (c) => c.notNull())
      .addColumn('global_name', 'text')
      .addColumn('avatar', 'text')
      .addColumn('banner', 'text')
      .addColumn('bio', 'text')
      .addColumn('email', 'text')
      .addColumn('email_lower', 'text')
      .addColumn('verified', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('flags', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('bot', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('system', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('admin', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('state', 'text', (c) => c.notNull().defaultTo('normal'))
      .addColumn('password_hash', 'text')
      .addColumn('created_at', time, (c) => c.notNull())
      .execute();
    await db.schema.createIndex('users_username_unique').on('users').columns(['username_lower', 'discriminator']).unique().execute();
    await db.schema.createIndex('users_email_unique').on('users').column('email_lower').unique().execute();

    await db.schema
      .createTable('sessions')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
      .addColumn('type', 'text', (c) => c.notNull())
      .addColumn('name', 'text')
      .addColumn('token_digest', 'text', (c) => c.notNull().unique())
      .addColumn('created_at', time, (c) => c.notNull())
      .addColumn('expires_at', time)
      .addColumn('ip', 'text')
      .addColumn('user_agent', 'text')
      .execute();
    await db.schema.createIndex('sessions_user_id').on('sessions').column('user_id').execute();
  },
});

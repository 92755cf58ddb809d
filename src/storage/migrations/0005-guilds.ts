// Migration 0005: guilds and their members, each member with a 64-bit permission bitfield stored as decimal text.
import type { PortableMigration } from './index.js';
import { timeType } from './column-types.js';

export const guilds: PortableMigration = (dialect) => ({
  async up(db) {
    const time = timeType(dialect);
    await db.schema
      .createTable('guilds')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('icon', 'text')
      .addColumn('owner_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
      .addColumn('created_at', time, (c) => c.notNull())
      .execute();
    await db.schema.createIndex('guilds_owner_id').on('guilds').column('owner_id').execute();

    await db.schema
      .createTable('guild_members')
      .addColumn('guild_id', 'text', (c) => c.notNull().references('guilds.id').onDelete('cascade'))
      .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
      .addColumn('permissions', 'text', (c) => c.notNull().defaultTo('0'))
      .addColumn('joined_at', time, (c) => c.notNull())
      .addPrimaryKeyConstraint('guild_members_pk', ['guild_id', 'user_id'])
      .execute();
    await db.schema.createIndex('guild_members_user_id').on('guild_members').column('user_id').execute();
  },
});

// Migration 0004: content-addressed images (avatars, banners, application icons), keyed by SHA-256 of the bytes.
import type { PortableMigration } from './index.js';
import { binaryType, timeType } from './column-types.js';

export const images: PortableMigration = (dialect) => ({
  async up(db) {
    await db.schema
      .createTable('images')
      .addColumn('hash', 'text', (c) => c.primaryKey())
      .addColumn('content_type', 'text', (c) => c.notNull())
      .addColumn('bytes', binaryType(dialect), (c) => c.notNull())
      .addColumn('size', 'integer', (c) => c.notNull())
      .addColumn('created_at', timeType(dialect), (c) => c.notNull())
      .execute();
  },
});

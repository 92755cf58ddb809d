// Migration 0016: indexes the purge job walks (expiry times, image creation) and the image references it checks,
// so each batched delete reads only the rows it removes.
import type { PortableMigration } from './index.js';

export const purge: PortableMigration = () => ({
  async up(db) {
    for (const table of ['oauth_codes', 'oauth_tokens', 'sessions']) {
      await db.schema.createIndex(`${table}_expires_at`).on(table).column('expires_at').execute();
    }
    await db.schema.createIndex('images_created_at').on('images').column('created_at').execute();
    // Partial: most rows name no image, and only rows that do are looked up by it.
    for (const [table, column] of [
      ['users', 'avatar'],
      ['users', 'banner'],
      ['applications', 'icon'],
      ['guilds', 'icon'],
    ] as const) {
      await db.schema.createIndex(`${table}_${column}`).on(table).column(column).where(column, 'is not', null).execute();
    }
  },
});

// ImageStore on Kysely: image bytes by content hash (blob on SQLite, bytea on PostgreSQL).
import type { Kysely } from 'kysely';
import type { ImageRecord, ImageStore } from '../types.js';
import type { Database } from './schema.js';

export class KyselyImageStore implements ImageStore {
  constructor(private readonly db: Kysely<Database>) {}

  async put(image: ImageRecord): Promise<void> {
    await this.db
      .insertInto('images')
      .values({ hash: image.hash, content_type: image.contentType, bytes: image.bytes, size: image.bytes.length, created_at: image.createdAt })
      // The same bytes again: the image counts as new for the purge's grace time (see purge-store).
      .onConflict((oc) => oc.column('hash').doUpdateSet({ created_at: (eb) => eb.ref('excluded.created_at') }))
      .execute();
  }

  async get(hash: string): Promise<ImageRecord | null> {
    const row = await this.db.selectFrom('images').selectAll().where('hash', '=', hash).executeTakeFirst();
    return row ? { hash: row.hash, contentType: row.content_type, bytes: Buffer.from(row.bytes), createdAt: Number(row.created_at) } : null;
  }
}

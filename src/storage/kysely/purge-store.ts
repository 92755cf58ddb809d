// PurgeStore on Kysely: one bounded DELETE per call, its rows picked by an indexed sub-select (portable LIMIT).
import type { Kysely } from 'kysely';
import type { OrphanPage, PurgeStore, PurgeTarget } from '../types.js';
import type { Database } from './schema.js';

/** The tables whose rows expire, by purge target, with the key that picks a batch of them. */
const EXPIRING = {
  codes: { table: 'oauth_codes', key: 'digest' },
  deviceCodes: { table: 'device_codes', key: 'digest' },
  tokens: { table: 'oauth_tokens', key: 'digest' },
  sessions: { table: 'sessions', key: 'id' },
  upstreamStates: { table: 'upstream_login_states', key: 'state_digest' },
} as const;

type Expiring = (typeof EXPIRING)[keyof typeof EXPIRING];

export class KyselyPurgeStore implements PurgeStore {
  constructor(private readonly db: Kysely<Database>) {}

  async deleteBatch(target: PurgeTarget, before: number, limit: number): Promise<number> {
    const result = await this.delete(target, before, limit).executeTakeFirst();
    return Number(result.numDeletedRows);
  }

  async deleteOrphanImages(before: number, after: string, limit: number): Promise<OrphanPage> {
    const page = await this.db
      .selectFrom('images')
      .select('hash')
      .where('created_at', '<', before)
      .where('hash', '>', after)
      .orderBy('hash')
      .limit(limit)
      .execute();
    if (page.length === 0) return { deleted: 0, last: null };
    // created_at is checked again here: an upload of the same bytes refreshes it (images-store put), and on PostgreSQL
    // the row lock makes this delete re-check it, so an image being named concurrently is kept.
    const result = await this.db
      .deleteFrom('images as i')
      .where('i.created_at', '<', before)
      .where(
        'i.hash',
        'in',
        page.map((row) => row.hash),
      )
      .where((w) =>
        w.and([
          w.not(w.exists(w.selectFrom('users').select('id').whereRef('users.avatar', '=', 'i.hash'))),
          w.not(w.exists(w.selectFrom('users').select('id').whereRef('users.banner', '=', 'i.hash'))),
          w.not(w.exists(w.selectFrom('applications').select('id').whereRef('applications.icon', '=', 'i.hash'))),
          w.not(w.exists(w.selectFrom('guilds').select('id').whereRef('guilds.icon', '=', 'i.hash'))),
        ]),
      )
      .executeTakeFirst();
    return { deleted: Number(result.numDeletedRows), last: page.length === limit ? page[page.length - 1]!.hash : null };
  }

  private delete(target: PurgeTarget, before: number, limit: number) {
    if (target !== 'events') return this.deleteExpired(EXPIRING[target], before, limit);
    // A finished event's next_attempt_at is when it finished (delivered, failed or dropped); its log goes with it.
    const db = this.db;
    return db
      .deleteFrom('events')
      .where('status', 'in', ['delivered', 'failed'])
      .where('next_attempt_at', '<', before)
      .where(
        'id',
        'in',
        db.selectFrom('events').select('id').where('status', 'in', ['delivered', 'failed']).where('next_attempt_at', '<', before).limit(limit),
      );
  }

  /** Rows of the table that expired before `before`, at most `limit` of them. */
  private deleteExpired({ table, key }: Expiring, before: number, limit: number) {
    const db = this.db;
    return db
      .deleteFrom(table)
      .where('expires_at', '<', before)
      .where(key, 'in', db.selectFrom(table).select(key).where('expires_at', '<', before).limit(limit));
  }
}

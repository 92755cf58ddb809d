// PurgeStore on Kysely: one bounded DELETE per call, its rows picked by an indexed sub-select (portable LIMIT).
import type { Kysely } from 'kysely';
import type { OrphanPage, PurgeStore, PurgeTarget } from '../types.js';
import type { Database } from './schema.js';

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
    const db = this.db;
    switch (target) {
      case 'codes':
        return db
          .deleteFrom('oauth_codes')
          .where('expires_at', '<', before)
          .where('digest', 'in', db.selectFrom('oauth_codes').select('digest').where('expires_at', '<', before).limit(limit));
      case 'deviceCodes':
        return db
          .deleteFrom('device_codes')
          .where('expires_at', '<', before)
          .where('digest', 'in', db.selectFrom('device_codes').select('digest').where('expires_at', '<', before).limit(limit));
      case 'tokens':
        return db
          .deleteFrom('oauth_tokens')
          .where('expires_at', '<', before)
          .where('digest', 'in', db.selectFrom('oauth_tokens').select('digest').where('expires_at', '<', before).limit(limit));
      case 'sessions':
        return db
          .deleteFrom('sessions')
          .where('expires_at', '<', before)
          .where('id', 'in', db.selectFrom('sessions').select('id').where('expires_at', '<', before).limit(limit));
      case 'upstreamStates':
        return db
          .deleteFrom('upstream_login_states')
          .where('expires_at', '<', before)
          .where('state_digest', 'in', db.selectFrom('upstream_login_states').select('state_digest').where('expires_at', '<', before).limit(limit));
      case 'events':
        // A finished event's next_attempt_at is when it finished (delivered, failed or dropped); its log goes with it.
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
  }
}

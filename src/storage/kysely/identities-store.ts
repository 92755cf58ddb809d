// LinkedIdentityStore on Kysely: (provider, upstream user id) -> local user, unique per upstream account.
import type { Kysely } from 'kysely';
import type { LinkedIdentityRecord, LinkedIdentityStore } from '../types.js';
import type { Database } from './schema.js';
import { translatingUnique } from './unique-violation.js';

export class KyselyLinkedIdentityStore implements LinkedIdentityStore {
  constructor(private readonly db: Kysely<Database>) {}

  async find(provider: string, upstreamUserId: string): Promise<LinkedIdentityRecord | null> {
    const row = await this.db
      .selectFrom('linked_identities')
      .selectAll()
      .where('provider', '=', provider)
      .where('upstream_user_id', '=', upstreamUserId)
      .executeTakeFirst();
    return row ? { provider: row.provider, upstreamUserId: row.upstream_user_id, userId: row.user_id, createdAt: Number(row.created_at) } : null;
  }

  async create(identity: LinkedIdentityRecord): Promise<void> {
    await translatingUnique(() =>
      this.db
        .insertInto('linked_identities')
        .values({ provider: identity.provider, upstream_user_id: identity.upstreamUserId, user_id: identity.userId, created_at: identity.createdAt })
        .execute(),
    );
  }
}

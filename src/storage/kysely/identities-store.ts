// LinkedIdentityStore on Kysely: (provider, upstream user id) -> local user, unique per upstream account.
import type { Kysely, Selectable } from 'kysely';
import type { LinkedIdentityRecord, LinkedIdentityStore } from '../types.js';
import type { Database, LinkedIdentitiesTable } from './schema.js';
import { translatingUnique } from './unique-violation.js';

function toRecord(row: Selectable<LinkedIdentitiesTable>): LinkedIdentityRecord {
  return { provider: row.provider, upstreamUserId: row.upstream_user_id, userId: row.user_id, createdAt: Number(row.created_at), name: row.name };
}

export class KyselyLinkedIdentityStore implements LinkedIdentityStore {
  constructor(private readonly db: Kysely<Database>) {}

  async find(provider: string, upstreamUserId: string): Promise<LinkedIdentityRecord | null> {
    const row = await this.db
      .selectFrom('linked_identities')
      .selectAll()
      .where('provider', '=', provider)
      .where('upstream_user_id', '=', upstreamUserId)
      .executeTakeFirst();
    return row ? toRecord(row) : null;
  }

  async create(identity: LinkedIdentityRecord): Promise<void> {
    await translatingUnique(() =>
      this.db
        .insertInto('linked_identities')
        .values({
          provider: identity.provider,
          upstream_user_id: identity.upstreamUserId,
          user_id: identity.userId,
          created_at: identity.createdAt,
          name: identity.name,
        })
        .execute(),
    );
  }

  async rename(provider: string, upstreamUserId: string, name: string): Promise<void> {
    await this.db.updateTable('linked_identities').set({ name }).where('provider', '=', provider).where('upstream_user_id', '=', upstreamUserId).execute();
  }

  async listForUser(userId: string): Promise<LinkedIdentityRecord[]> {
    const rows = await this.db.selectFrom('linked_identities').selectAll().where('user_id', '=', userId).orderBy('created_at').orderBy('provider').execute();
    return rows.map(toRecord);
  }
}

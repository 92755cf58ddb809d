// UpstreamLoginStateStore on Kysely: a state is used up by one conditional delete, so a replayed callback finds nothing.
import type { Kysely } from 'kysely';
import type { UpstreamLoginStateStore } from '../types.js';
import type { Database } from './schema.js';

export class KyselyUpstreamLoginStateStore implements UpstreamLoginStateStore {
  constructor(private readonly db: Kysely<Database>) {}

  async create(stateDigest: string, expiresAt: number): Promise<void> {
    await this.db.insertInto('upstream_login_states').values({ state_digest: stateDigest, expires_at: expiresAt }).execute();
  }

  async consume(stateDigest: string, now: number): Promise<boolean> {
    const result = await this.db.deleteFrom('upstream_login_states').where('state_digest', '=', stateDigest).where('expires_at', '>', now).executeTakeFirst();
    return result.numDeletedRows > 0n;
  }
}

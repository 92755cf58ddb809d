// SessionStore on Kysely: login sessions and API tokens, found by token digest with a prepared query.
import type { Kysely } from 'kysely';
import type { SessionRecord, SessionStore, UserRecord } from '../types.js';
import { toSession, toUser, words } from './mappers.js';
import { param, PreparedQuery, type QueryRunner } from './prepared-query.js';
import type { Database } from './schema.js';

const activeByDigest = new PreparedQuery((db) =>
  db
    .selectFrom('sessions as s')
    .innerJoin('users as u', 'u.id', 's.user_id')
    .selectAll('u')
    .select([
      's.id as s_id',
      's.type as s_type',
      's.name as s_name',
      's.token_digest as s_token_digest',
      's.created_at as s_created_at',
      's.expires_at as s_expires_at',
      's.ip as s_ip',
      's.user_agent as s_user_agent',
      's.amr as s_amr',
    ])
    .where('s.token_digest', '=', param('digest'))
    .where((eb) => eb.or([eb('s.expires_at', 'is', null), eb('s.expires_at', '>', param('now'))])),
);

export class KyselySessionStore implements SessionStore {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly runner: QueryRunner,
  ) {}

  async create(session: SessionRecord): Promise<void> {
    await this.db
      .insertInto('sessions')
      .values({
        id: session.id,
        user_id: session.userId,
        type: session.type,
        name: session.name,
        token_digest: session.tokenDigest,
        created_at: session.createdAt,
        expires_at: session.expiresAt,
        ip: session.ip,
        user_agent: session.userAgent,
        amr: words(session.amr),
      })
      .execute();
  }

  async findActiveByDigest(digest: string, now: number): Promise<{ session: SessionRecord; user: UserRecord } | null> {
    const row = await this.runner.first(activeByDigest, { digest, now });
    if (!row) return null;
    const session = toSession({
      id: row.s_id,
      user_id: row.id,
      type: row.s_type,
      name: row.s_name,
      token_digest: row.s_token_digest,
      created_at: row.s_created_at,
      expires_at: row.s_expires_at,
      ip: row.s_ip,
      user_agent: row.s_user_agent,
      amr: row.s_amr,
    });
    return { session, user: toUser(row) };
  }

  async listActiveByUser(userId: string, now: number): Promise<SessionRecord[]> {
    const rows = await this.db
      .selectFrom('sessions')
      .selectAll()
      .where('user_id', '=', userId)
      .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', now)]))
      .orderBy('created_at', 'desc')
      .orderBy('id')
      .execute();
    return rows.map(toSession);
  }

  async countLiveApiTokens(userId: string, now: number): Promise<number> {
    const { live } = await this.db
      .selectFrom('sessions')
      .select((eb) => eb.fn.countAll<number | string | bigint>().as('live'))
      .where('user_id', '=', userId)
      .where('type', '=', 'api')
      .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', now)]))
      .executeTakeFirstOrThrow();
    return Number(live);
  }

  async delete(userId: string, sessionId: string): Promise<boolean> {
    const result = await this.db.deleteFrom('sessions').where('id', '=', sessionId).where('user_id', '=', userId).executeTakeFirst();
    return result.numDeletedRows > 0n;
  }

  async deleteAllExcept(userId: string, keepSessionId: string | null): Promise<number> {
    let query = this.db.deleteFrom('sessions').where('user_id', '=', userId);
    if (keepSessionId !== null) query = query.where('id', '!=', keepSessionId);
    const result = await query.executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}

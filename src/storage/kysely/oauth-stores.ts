// AuthorizationStore, CodeStore and TokenStore on Kysely: single-use codes and refresh rotation as conditional updates;
// the token and code paths of every OAuth2 request are prepared queries.
import { randomUUID } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import type {
  ApplicationRecord,
  AuthorizationRecord,
  AuthorizationStore,
  CodeDecision,
  CodeExchange,
  CodeRecord,
  CodeStore,
  FoundToken,
  IntrospectedToken,
  Issuance,
  OAuthTokenKind,
  OAuthTokenRecord,
  TokenStore,
  UserState,
} from '../types.js';
import { toApplication, toUser } from './mappers.js';
import { applicationColumns, codeRow, toAuthorization, toCode, toToken, tokenColumns } from './oauth-mappers.js';
import { param, PreparedQuery, type Decision, type QueryRunner } from './prepared-query.js';
import type { Database, UsersTable } from './schema.js';
import { issuing, readUser, tokenWrites, type UserRow } from './token-issuance.js';

/** Runs `work` in a transaction unless `db` already is one. */
function inTransaction<T>(db: Kysely<Database>, work: (trx: Kysely<Database>) => Promise<T>): Promise<T> {
  return db.isTransaction ? work(db) : db.transaction().execute(work);
}

export class KyselyAuthorizationStore implements AuthorizationStore {
  constructor(private readonly db: Kysely<Database>) {}

  /**
   * Adds `scopes` to the user's authorization of the application. The upsert comes first: it inserts the row or, on
   * the conflict, locks it (PostgreSQL's row lock, SQLite's write lock) and returns its latest scopes, so a concurrent
   * grant waits for this one to commit and merges into its result; no scope is ever lost.
   */
  async grant(userId: string, applicationId: string, scopes: string[], now: number): Promise<AuthorizationRecord> {
    return inTransaction(this.db, async (trx) => {
      const current = toAuthorization(
        await trx
          .insertInto('oauth_authorizations')
          .values({
            id: randomUUID(),
            user_id: userId,
            application_id: applicationId,
            scopes: [...new Set(scopes)].join(' '),
            created_at: now,
            updated_at: now,
          })
          .onConflict((oc) => oc.columns(['user_id', 'application_id']).doUpdateSet({ updated_at: now }))
          .returningAll()
          .executeTakeFirstOrThrow(),
      );
      const merged = [...new Set([...current.scopes, ...scopes])];
      if (merged.length === current.scopes.length) return current;
      const row = await trx
        .updateTable('oauth_authorizations')
        .set({ scopes: merged.join(' ') })
        .where('id', '=', current.id)
        .returningAll()
        .executeTakeFirstOrThrow();
      return toAuthorization(row);
    });
  }

  async find(userId: string, applicationId: string): Promise<AuthorizationRecord | null> {
    const row = await this.db
      .selectFrom('oauth_authorizations')
      .selectAll()
      .where('user_id', '=', userId)
      .where('application_id', '=', applicationId)
      .executeTakeFirst();
    return row ? toAuthorization(row) : null;
  }

  async listByUser(userId: string): Promise<{ authorization: AuthorizationRecord; application: ApplicationRecord }[]> {
    const rows = await this.db
      .selectFrom('oauth_authorizations as o')
      .innerJoin('applications as a', 'a.id', 'o.application_id')
      .selectAll('o')
      .select(applicationColumns.selection)
      .where('o.user_id', '=', userId)
      .orderBy('o.created_at')
      .orderBy('o.id')
      .execute();
    return rows.map((row) => ({
      authorization: toAuthorization(row),
      application: toApplication(applicationColumns.from(row)),
    }));
  }

  async delete(userId: string, applicationId: string): Promise<boolean> {
    const result = await this.db
      .deleteFrom('oauth_authorizations')
      .where('user_id', '=', userId)
      .where('application_id', '=', applicationId)
      .executeTakeFirst();
    return result.numDeletedRows > 0n;
  }

  async deleteAllForUser(userId: string): Promise<number> {
    const result = await this.db.deleteFrom('oauth_authorizations').where('user_id', '=', userId).executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}

const consumeCode = new PreparedQuery((db) =>
  db
    .updateTable('oauth_codes')
    .set({ consumed_at: param('now') })
    .where('digest', '=', param('digest'))
    .where('application_id', '=', param('applicationId'))
    .where('consumed_at', 'is', null)
    .returningAll(),
);

export class KyselyCodeStore implements CodeStore {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly runner: QueryRunner,
  ) {}

  async create(code: CodeRecord): Promise<void> {
    await this.db.insertInto('oauth_codes').values(codeRow(code)).execute();
  }

  async consume(digest: string, applicationId: string, now: number): Promise<CodeRecord | null> {
    const row = await this.runner.first(consumeCode, { digest, applicationId, now });
    return row ? toCode(row) : null;
  }

  async exchange<I extends Issuance, E>(
    digest: string,
    applicationId: string,
    now: number,
    decide: (code: CodeRecord) => CodeDecision<I, E>,
  ): Promise<CodeExchange<I, E> | null> {
    const claimed = await this.runner.claimUnit(consumeCode, { digest, applicationId, now }, (row): Decision<CodeExchange<I, E>, UserRow> => {
      const code = toCode(row);
      if (code.expiresAt <= now) return { writes: [], result: { outcome: 'expired', code } };
      const decision = decide(code);
      if ('refusal' in decision) return { writes: [], result: { outcome: 'refused', code, refusal: decision.refusal } };
      return issuing(decision, code.userId, { outcome: 'issued', code, issuance: decision, user: null });
    });
    if (!claimed) return null;
    return claimed.result.outcome === 'issued' ? { ...claimed.result, user: readUser(claimed) } : claimed.result;
  }

  async find(digest: string): Promise<CodeRecord | null> {
    const row = await this.db.selectFrom('oauth_codes').selectAll().where('digest', '=', digest).executeTakeFirst();
    return row ? toCode(row) : null;
  }

  async deleteUnconsumedForUser(userId: string): Promise<void> {
    await this.db.deleteFrom('oauth_codes').where('user_id', '=', userId).where('consumed_at', 'is', null).execute();
  }
}

const tokenByDigest = new PreparedQuery((db) =>
  db
    .selectFrom('oauth_tokens as t')
    .innerJoin('users as u', 'u.id', 't.user_id')
    .selectAll('u')
    .select(tokenColumns.selection)
    .where('t.digest', '=', param('digest')),
);

const introspectionByDigest = new PreparedQuery((db) =>
  db
    .selectFrom('oauth_tokens as t')
    .innerJoin('users as u', 'u.id', 't.user_id')
    .select(['t.kind', 't.application_id', 't.scopes', 't.created_at', 't.expires_at', 't.revoked_at', 'u.id', 'u.username', 'u.state'])
    .where('t.digest', '=', param('digest')),
);

const rotateOut = new PreparedQuery((db) =>
  db
    .updateTable('oauth_tokens')
    .set({ revoked_at: param('now') })
    .where('digest', '=', param('digest'))
    .where('kind', '=', 'refresh')
    .where('application_id', '=', param('applicationId'))
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', param('now')),
);

export class KyselyTokenStore implements TokenStore {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly runner: QueryRunner,
  ) {}

  async create(tokens: OAuthTokenRecord[]): Promise<void> {
    for (const { query, args } of tokenWrites(tokens)) await this.runner.changes(query, args);
  }

  async find(digest: string): Promise<FoundToken | null> {
    const row = await this.runner.first(tokenByDigest, { digest });
    if (!row) return null;
    return { token: toToken(tokenColumns.from(row)), user: toUser(row as Selectable<UsersTable>) };
  }

  async introspect(digest: string): Promise<IntrospectedToken | null> {
    const row = await this.runner.first(introspectionByDigest, { digest });
    if (!row) return null;
    return {
      kind: row.kind as OAuthTokenKind,
      applicationId: row.application_id,
      scope: row.scopes,
      createdAt: Number(row.created_at),
      expiresAt: Number(row.expires_at),
      revokedAt: row.revoked_at === null ? null : Number(row.revoked_at),
      userId: row.id,
      username: row.username,
      userState: row.state as UserState,
    };
  }

  rotateRefreshToken(digest: string, applicationId: string, now: number, replacements: OAuthTokenRecord[]): Promise<boolean> {
    return this.runner.writeUnit([{ query: rotateOut, args: { digest, applicationId, now } }, ...tokenWrites(replacements)]);
  }

  async revoke(digest: string, now: number): Promise<void> {
    await this.db.updateTable('oauth_tokens').set({ revoked_at: now }).where('digest', '=', digest).where('revoked_at', 'is', null).execute();
  }

  async revokeFamily(familyId: string, now: number): Promise<void> {
    await this.db.updateTable('oauth_tokens').set({ revoked_at: now }).where('family_id', '=', familyId).where('revoked_at', 'is', null).execute();
  }

  async revokeAllForUser(userId: string, now: number): Promise<number> {
    const result = await this.db
      .updateTable('oauth_tokens')
      .set({ revoked_at: now })
      .where('user_id', '=', userId)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  }
}

// Inserting tokens as prepared writes, and issuing them in the unit that consumed their code: the inserts a grant's
// decision answers, with the read of their user for an id token.
import type { Selectable } from 'kysely';
import type { Issuance, OAuthTokenRecord, UserRecord } from '../types.js';
import { toUser } from './mappers.js';
import { TOKEN_COLUMNS, tokenRow } from './oauth-mappers.js';
import { param, PreparedQuery, type Claimed, type Decision, type Write } from './prepared-query.js';
import type { OAuthTokensTable, UsersTable } from './schema.js';

const insertToken = new PreparedQuery((db) =>
  db.insertInto('oauth_tokens').values(Object.fromEntries(TOKEN_COLUMNS.map((column) => [column, param(column)])) as unknown as OAuthTokensTable),
);

const userById = new PreparedQuery((db) => db.selectFrom('users').selectAll().where('id', '=', param('id')));

export type UserRow = Selectable<UsersTable>;

/** The write inserting one token. */
export function tokenInsert(token: OAuthTokenRecord): Write {
  return { query: insertToken, args: tokenRow(token) };
}

/** The rest of a claimed unit that issues tokens to `userId`: their inserts, then the user's row when asked. */
export function issuing<T>(issuance: Issuance, userId: string, result: T): Decision<T, UserRow> {
  const writes = issuance.tokens.map(tokenInsert);
  return issuance.readUser ? { writes, read: { query: userById, args: { id: userId } }, result } : { writes, result };
}

/** The user a claimed unit read, if it read one. */
export function readUser(claimed: Claimed<unknown, UserRow>): UserRecord | null {
  return claimed.read ? toUser(claimed.read) : null;
}

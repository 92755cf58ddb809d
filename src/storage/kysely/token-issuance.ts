// Inserting tokens as one prepared write (one statement for all of a grant's tokens, one round trip on PostgreSQL), and
// issuing them in the unit that consumed their code, with the read of their user for an id token.
import type { Selectable } from 'kysely';
import type { Issuance, OAuthTokenRecord, UserRecord } from '../types.js';
import { toUser } from './mappers.js';
import { TOKEN_COLUMNS, tokenRow } from './oauth-mappers.js';
import { param, PreparedQuery, type Claimed, type Decision, type Write } from './prepared-query.js';
import type { OAuthTokensTable, UsersTable } from './schema.js';

/** The insert of `count` token rows, built once per count (a grant inserts one or two). */
const inserts = new Map<number, PreparedQuery>();

function insertTokens(count: number): PreparedQuery {
  let query = inserts.get(count);
  if (query === undefined) {
    const row = (i: number) => Object.fromEntries(TOKEN_COLUMNS.map((column) => [column, param(`${column}.${i}`)])) as unknown as OAuthTokensTable;
    query = new PreparedQuery((db) => db.insertInto('oauth_tokens').values(Array.from({ length: count }, (_, i) => row(i))));
    inserts.set(count, query);
  }
  return query;
}

const userById = new PreparedQuery((db) => db.selectFrom('users').selectAll().where('id', '=', param('id')));

export type UserRow = Selectable<UsersTable>;

/** The writes inserting `tokens`: one statement, atomic on its own; none for no tokens. */
export function tokenWrites(tokens: readonly OAuthTokenRecord[]): Write[] {
  if (tokens.length === 0) return [];
  const args: Record<string, unknown> = {};
  tokens.forEach((token, i) => {
    const row = tokenRow(token);
    for (const column of TOKEN_COLUMNS) args[`${column}.${i}`] = row[column];
  });
  return [{ query: insertTokens(tokens.length), args }];
}

/** The rest of a claimed unit that issues tokens to `userId`: their inserts, then the user's row when asked. */
export function issuing<T>(issuance: Issuance, userId: string, result: T): Decision<T, UserRow> {
  const writes = tokenWrites(issuance.tokens);
  return issuance.readUser ? { writes, read: { query: userById, args: { id: userId } }, result } : { writes, result };
}

/** The user a claimed unit read, if it read one. */
export function readUser(claimed: Claimed<unknown, UserRow>): UserRecord | null {
  return claimed.read ? toUser(claimed.read) : null;
}

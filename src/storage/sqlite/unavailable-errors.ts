// Recognizes SQLite's errors of a database that cannot take writes now (disk full, read-only, I/O failure, file not
// openable) and turns them into StoreUnavailableError: SQLite has undone the statement, so nothing is half-written.
import { StoreUnavailableError } from '../types.js';

/** better-sqlite3's (extended) result code prefixes, with the cause each names. */
const CAUSES: readonly (readonly [prefix: string, cause: string])[] = [
  ['SQLITE_FULL', 'disk full'],
  ['SQLITE_READONLY', 'read-only'],
  ['SQLITE_IOERR', 'I/O error'],
  ['SQLITE_CANTOPEN', 'cannot open the database file'],
];

/** The cause named by the error's code, or null when it is not one of these. */
export function unavailableCause(error: unknown): string | null {
  const code = (error as { code?: unknown })?.code;
  if (typeof code !== 'string' || code.length > 64) return null;
  return CAUSES.find(([prefix]) => code === prefix || code.startsWith(`${prefix}_`))?.[1] ?? null;
}

/** The error as StoreUnavailableError when it says the database cannot be written now, else unchanged. */
export function translateSqliteUnavailable(error: unknown): unknown {
  const cause = error instanceof StoreUnavailableError ? null : unavailableCause(error);
  if (cause === null) return error;
  return new StoreUnavailableError(error, `SQLite database unavailable: ${cause} (${(error as { code: string }).code})`);
}

// Recognizes the errors of a lost or refused PostgreSQL connection and turns them into StoreUnavailableError.
import { StoreUnavailableError } from '../types.js';

interface DriverError {
  code?: unknown;
  message?: unknown;
}

/** SQLSTATEs of a server that ends or refuses the session (admin/crash shutdown, starting up), and socket errors. */
const CODES = new Set(['57P01', '57P02', '57P03', 'ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN']);

/** What pg says, without a code, of a connection that ended or of a client that can no longer query. */
const MESSAGES = ['Connection terminated', 'Client has encountered a connection error and is not queryable', 'Client was closed and is not queryable'];

export function isConnectionLost(error: unknown): boolean {
  const e = error as DriverError;
  if (typeof e?.code === 'string' && (CODES.has(e.code) || e.code.startsWith('08'))) return true;
  return typeof e?.message === 'string' && MESSAGES.some((message) => (e.message as string).startsWith(message));
}

/** The error as StoreUnavailableError when it says the connection is gone, else unchanged. */
export function translateConnectionLost(error: unknown): unknown {
  return error instanceof StoreUnavailableError || !isConnectionLost(error) ? error : new StoreUnavailableError(error);
}

// Signing up: a new local account and its first login session, in one transaction (the API and the /register page).
import { ApiError } from '../errors/api-error.js';
import type { Services } from '../services.js';
import { PASSWORD_AMR, type IssuedSession } from '../sessions/sessions-service.js';
import { UniqueViolationError, type Store, type UserRecord } from '../storage/types.js';
import type { Registration } from './accounts-service.js';

export interface ClientInfo {
  ip: string;
  userAgent: string | null;
}

/**
 * Counts the attempt against the address's accounts an hour first (429 past it); then the password is hashed and the
 * session token made; the transaction only inserts the two rows. A taken username and a taken email get the same
 * answer, so the form does not say which addresses have accounts beyond what trying one tells.
 */
export async function signUp(
  store: Store,
  services: Pick<Services, 'accounts' | 'sessions' | 'limits'>,
  input: Registration,
  client: ClientInfo,
  now: number,
): Promise<{ user: UserRecord; issued: IssuedSession }> {
  await services.limits.registerAddress.enforce(client.ip, now, 'Too many accounts from this address; try again later');
  const account = await services.accounts.newAccount(input);
  const issued = services.sessions.newSession(account.id, 'login', { ...client, amr: PASSWORD_AMR });
  return store.transaction(async (tx) => {
    const user = await tx.users.create(account).catch((error: unknown) => {
      throw error instanceof UniqueViolationError ? ApiError.conflict('ACCOUNT_TAKEN', 'That username or email is already registered') : error;
    });
    await tx.sessions.create(issued.session);
    return { user, issued };
  });
}

/** The client a session records: address and a bounded User-Agent. */
export function clientInfo(request: { ip: string; headers: Record<string, unknown> }): ClientInfo {
  const agent = request.headers['user-agent'];
  return { ip: request.ip, userAgent: typeof agent === 'string' ? agent.slice(0, 512) : null };
}

// Signing up: a new local account and its first login session, in one transaction (the API and the /register page).
import type { Services } from '../services.js';
import type { IssuedSession } from '../sessions/sessions-service.js';
import type { Store, UserRecord } from '../storage/types.js';
import type { Registration } from './accounts-service.js';

export interface ClientInfo {
  ip: string;
  userAgent: string | null;
}

export function signUp(store: Store, services: Pick<Services, 'accounts' | 'sessions'>, input: Registration, client: ClientInfo): Promise<{ user: UserRecord; issued: IssuedSession }> {
  return store.transaction(async (trx) => {
    const user = await services.accounts.register(input, trx);
    return { user, issued: await services.sessions.issue(user.id, 'login', client, trx) };
  });
}

/** The client a session records: address and a bounded User-Agent. */
export function clientInfo(request: { ip: string; headers: Record<string, unknown> }): ClientInfo {
  const agent = request.headers['user-agent'];
  return { ip: request.ip, userAgent: typeof agent === 'string' ? agent.slice(0, 512) : null };
}

// Bans: an admin bans or unbans an account; a ban ends every session, pending code, OAuth2 token and grant at once.
import type { Clock } from '../clock.js';
import { ApiError } from '../errors/api-error.js';
import type { Repositories, Store, UserRecord } from '../storage/types.js';
import { endCredentials } from './credential-reset.js';

/** A local (non-bot) account; bots are answered for by their application. */
async function humanUser(db: Repositories, userId: string): Promise<UserRecord> {
  const user = await db.users.findById(userId);
  if (!user || user.bot) throw ApiError.notFound('user');
  return user;
}

export class BansService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
  ) {}

  /** One transaction: the account is marked banned and every credential it holds ends. Banning again changes nothing. */
  async ban(userId: string): Promise<UserRecord> {
    const now = this.clock.now();
    return this.store.transaction(async (tx) => {
      const user = await humanUser(tx, userId);
      if (user.state === 'banned') return user;
      const banned = await tx.users.update(user.id, { state: 'banned', bannedAt: now });
      await endCredentials(tx, user.id, now, { keepSessionId: null, keepAuthorizations: false });
      return banned ?? user;
    });
  }

  /** Lifts the ban: the account can log in again (what the ban ended stays ended). */
  async unban(userId: string): Promise<UserRecord> {
    await humanUser(this.store, userId);
    const user = await this.store.users.update(userId, { state: 'normal', bannedAt: null });
    if (!user) throw ApiError.notFound('user');
    return user;
  }
}

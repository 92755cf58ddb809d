// Credentials die with their reason: a password change or a ban ends the user's other sessions and OAuth2 grants.
import type { Tx } from '../storage/types.js';

export interface CredentialReset {
  /** The session that stays (the one that changed the password); null ends every session. */
  keepSessionId: string | null;
  /** Keeps the user's authorizations listed (their tokens and pending codes end all the same). */
  keepAuthorizations: boolean;
}

/** Inside the transaction that records the reason: sessions, pending codes and OAuth2 tokens end; grants too unless kept. */
export async function endCredentials(tx: Tx, userId: string, now: number, reset: CredentialReset): Promise<void> {
  await tx.sessions.deleteAllExcept(userId, reset.keepSessionId);
  await tx.codes.deleteUnconsumedForUser(userId);
  await tx.tokens.revokeAllForUser(userId, now);
  if (!reset.keepAuthorizations) await tx.authorizations.deleteAllForUser(userId);
}

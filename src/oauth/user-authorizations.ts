// A user's authorized applications: the list, and revoking one grant with every code and token issued under it.
import { userJson } from '../accounts/user-json.js';
import type { ApplicationRecord, AuthorizationRecord, UserRecord } from '../storage/types.js';
import type { OAuthContext } from './context.js';

export function listAuthorizations(ctx: OAuthContext, userId: string): Promise<{ authorization: AuthorizationRecord; application: ApplicationRecord }[]> {
  return ctx.store.authorizations.listByUser(userId);
}

/**
 * Deletes the grant; its codes and tokens go with it in the same statement (ON DELETE CASCADE), and
 * APPLICATION_DEAUTHORIZED goes out in the same transaction. False when there is none.
 */
export function revokeAuthorization(ctx: OAuthContext, user: UserRecord, applicationId: string): Promise<boolean> {
  return ctx.store.transaction(async (tx) => {
    if (!(await tx.authorizations.delete(user.id, applicationId))) return false;
    await ctx.events.enqueue(tx, applicationId, 'APPLICATION_DEAUTHORIZED', { user: userJson(user, false) });
    return true;
  });
}

// A user's authorized applications: the list, and revoking one grant with every code and token issued under it.
import type { ApplicationRecord, AuthorizationRecord } from '../storage/types.js';
import type { OAuthContext } from './context.js';

export function listAuthorizations(ctx: OAuthContext, userId: string): Promise<{ authorization: AuthorizationRecord; application: ApplicationRecord }[]> {
  return ctx.store.authorizations.listByUser(userId);
}

/** Deletes the grant; its codes and tokens go with it in the same statement (ON DELETE CASCADE). False when none. */
export function revokeAuthorization(ctx: OAuthContext, userId: string, applicationId: string): Promise<boolean> {
  return ctx.store.authorizations.delete(userId, applicationId);
}

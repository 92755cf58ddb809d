// A user who granted an application of their own the identify scope, written straight through the store.
import type { ApplicationRecord, Store, UserRecord } from '../../src/storage/types.js';
import { newUser } from './records.js';
import { seedApplication } from './seed-application.js';

export interface SeededGrant {
  user: UserRecord;
  application: ApplicationRecord;
  authorizationId: string;
}

export async function seedGrant(store: Store, grantedAt: number): Promise<SeededGrant> {
  const user = await store.users.create(newUser());
  const application = await seedApplication(store, user.id);
  const authorization = await store.authorizations.grant(user.id, application.id, ['identify'], grantedAt);
  return { user, application, authorizationId: authorization.id };
}

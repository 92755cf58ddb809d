// Owner-only access to an application: anyone else gets the same 404 as for an unknown id, so ids cannot be probed.
import { ApiError } from '../errors/api-error.js';
import type { ApplicationRecord, Store, UserRecord } from '../storage/types.js';

export interface ApplicationWithBot {
  application: ApplicationRecord;
  bot: UserRecord;
}

export function unknownApplication(): ApiError {
  return ApiError.notFound('application');
}

/** The application with its bot user, or 404 UNKNOWN_APPLICATION. */
export async function findApplication(store: Store, id: string): Promise<ApplicationWithBot> {
  const application = await store.applications.findById(id);
  const bot = application && (await store.users.findById(application.botUserId));
  if (!application || !bot) throw unknownApplication();
  return { application, bot };
}

/** The application if `ownerId` owns it; 404 UNKNOWN_APPLICATION otherwise (whether or not it exists). */
export async function findOwnedApplication(store: Store, ownerId: string, id: string): Promise<ApplicationWithBot> {
  const found = await findApplication(store, id);
  if (found.application.ownerId !== ownerId) throw unknownApplication();
  return found;
}

// Owner-only access to an application: anyone else gets the same 404 as for an unknown id, so ids cannot be probed.
import { ApiError } from '../errors/api-error.js';
import type { ApplicationRecord, Repositories, UserRecord } from '../storage/types.js';

export interface ApplicationWithBot {
  application: ApplicationRecord;
  bot: UserRecord;
}

export function unknownApplication(): ApiError {
  return ApiError.notFound('application');
}

/** The application with its bot user, or 404 UNKNOWN_APPLICATION (alone, or in the caller's transaction). */
export async function findApplication(db: Repositories, id: string): Promise<ApplicationWithBot> {
  const application = await db.applications.findById(id);
  const bot = application && (await db.users.findById(application.botUserId));
  if (!application || !bot) throw unknownApplication();
  return { application, bot };
}

/** The application if `ownerId` owns it; 404 UNKNOWN_APPLICATION otherwise (whether or not it exists). */
export async function findOwnedApplication(db: Repositories, ownerId: string, id: string): Promise<ApplicationWithBot> {
  const found = await findApplication(db, id);
  if (found.application.ownerId !== ownerId) throw unknownApplication();
  return found;
}

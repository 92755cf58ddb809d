// The session store: browser logins and API tokens of a user.
import type { UserRecord } from './users.js';

export type SessionType = 'login' | 'app_login' | 'api';

export interface SessionRecord {
  id: string;
  userId: string;
  type: SessionType;
  name: string | null;
  tokenDigest: string;
  createdAt: number;
  /** Null: never expires. */
  expiresAt: number | null;
  ip: string | null;
  userAgent: string | null;
  /** How the user signed in (RFC 8176 values such as `pwd`); empty when unknown. */
  amr: string[];
}

export interface SessionStore {
  create(session: SessionRecord): Promise<void>;
  /** The session whose token has this digest, with its user, if it has not expired at `now`. */
  findActiveByDigest(digest: string, now: number): Promise<{ session: SessionRecord; user: UserRecord } | null>;
  listActiveByUser(userId: string, now: number): Promise<SessionRecord[]>;
  /** How many API tokens the user holds that are live at `now`. */
  countLiveApiTokens(userId: string, now: number): Promise<number>;
  /** Deletes one of the user's sessions; false when the user has no such session. */
  delete(userId: string, sessionId: string): Promise<boolean>;
  /** Deletes all of the user's sessions but one (none kept when null); returns how many were deleted. */
  deleteAllExcept(userId: string, keepSessionId: string | null): Promise<number>;
}

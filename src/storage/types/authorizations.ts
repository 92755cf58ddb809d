// The authorization store: a user's standing grants of scopes to applications.
import type { ApplicationRecord } from './applications.js';

/** A user's standing grant of scopes to an application (the "authorized apps" list). */
export interface AuthorizationRecord {
  id: string;
  userId: string;
  applicationId: string;
  scopes: string[];
  createdAt: number;
  updatedAt: number;
}

export interface AuthorizationStore {
  /** Creates the user's authorization of the application, or adds `scopes` to the existing one; returns it. */
  grant(userId: string, applicationId: string, scopes: string[], now: number): Promise<AuthorizationRecord>;
  find(userId: string, applicationId: string): Promise<AuthorizationRecord | null>;
  /** The user's authorizations with their applications, oldest first. */
  listByUser(userId: string): Promise<{ authorization: AuthorizationRecord; application: ApplicationRecord }[]>;
  /** Deletes the authorization; its codes and tokens go with it by cascade. False when there is none. */
  delete(userId: string, applicationId: string): Promise<boolean>;
  /** Deletes every authorization of the user, with their codes and tokens (cascade); returns how many. */
  deleteAllForUser(userId: string): Promise<number>;
}

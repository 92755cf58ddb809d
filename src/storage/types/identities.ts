// The linked-identity store: upstream accounts linked to local users.

/** An upstream account (provider + its user id) linked to the local user it logs in as. */
export interface LinkedIdentityRecord {
  provider: string;
  upstreamUserId: string;
  userId: string;
  createdAt: number;
  /** The upstream account's name at its last login (null for the provider's own account). */
  name: string | null;
}

export interface LinkedIdentityStore {
  find(provider: string, upstreamUserId: string): Promise<LinkedIdentityRecord | null>;
  /** Inserts the link; throws UniqueViolationError when that upstream account is linked already. */
  create(identity: LinkedIdentityRecord): Promise<void>;
  /** The upstream account's name, refreshed at a later login. */
  rename(provider: string, upstreamUserId: string, name: string): Promise<void>;
  /** A user's links, oldest first. */
  listForUser(userId: string): Promise<LinkedIdentityRecord[]>;
}

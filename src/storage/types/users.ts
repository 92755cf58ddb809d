// The user store: accounts (humans and bots) and their credentials.

export type UserState = 'normal' | 'banned';

export interface UserRecord {
  id: string;
  username: string;
  discriminator: string;
  globalName: string | null;
  avatar: string | null;
  banner: string | null;
  bio: string | null;
  email: string | null;
  verified: boolean;
  flags: number;
  bot: boolean;
  system: boolean;
  admin: boolean;
  state: UserState;
  /** When an admin banned the account; null unless `state` is banned. */
  bannedAt: number | null;
  passwordHash: string | null;
  createdAt: number;
}

export type NewUser = Omit<UserRecord, 'banner' | 'bio' | 'bannedAt'> & Partial<Pick<UserRecord, 'banner' | 'bio' | 'bannedAt'>>;

export type UserPatch = Partial<
  Pick<
    UserRecord,
    'username' | 'discriminator' | 'globalName' | 'avatar' | 'banner' | 'bio' | 'email' | 'verified' | 'flags' | 'state' | 'bannedAt' | 'passwordHash'
  >
>;

export interface UserStore {
  /** Inserts a user; throws UniqueViolationError when the username+discriminator or email is taken. */
  create(user: NewUser): Promise<UserRecord>;
  findById(id: string): Promise<UserRecord | null>;
  /** A human (non-bot) user by username or email, case-insensitively. */
  findByLogin(login: string): Promise<UserRecord | null>;
  /** Applies the patch; throws UniqueViolationError on a taken username or email. Returns null when no such user. */
  update(id: string, patch: UserPatch): Promise<UserRecord | null>;
  /** Sets the password hash only while it is still `expected` (one conditional write); true when it was replaced. */
  replacePasswordHash(id: string, expected: string, replacement: string): Promise<boolean>;
  /**
   * Inserts a user unless a unique key (username+discriminator, email) is taken: null then, and an enclosing
   * transaction stays usable (no error is raised, so PostgreSQL does not abort it).
   */
  createUnlessTaken(user: NewUser): Promise<UserRecord | null>;
  /** Deletes a user; their sessions go with them by cascade. */
  delete(id: string): Promise<boolean>;
  /**
   * In a transaction, takes the user's row lock until it ends (PostgreSQL; SQLite writers take turns anyway): a
   * per-user quota's count and the insert it allows then act as one against the user's concurrent requests.
   */
  lock(id: string): Promise<void>;
}

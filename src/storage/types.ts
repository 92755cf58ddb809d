// Store interfaces, one per concern: the only way services reach persistent state.

export type Dialect = 'sqlite' | 'postgres';

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
  passwordHash: string | null;
  createdAt: number;
}

export type NewUser = Omit<UserRecord, 'banner' | 'bio'> & Partial<Pick<UserRecord, 'banner' | 'bio'>>;

export type UserPatch = Partial<
  Pick<UserRecord, 'username' | 'discriminator' | 'globalName' | 'avatar' | 'banner' | 'bio' | 'email' | 'verified' | 'flags' | 'state' | 'passwordHash'>
>;

export interface UserStore {
  /** Inserts a user; throws UniqueViolationError when the username+discriminator or email is taken. */
  create(user: NewUser): Promise<UserRecord>;
  findById(id: string): Promise<UserRecord | null>;
  /** A human (non-bot) user by username or email, case-insensitively. */
  findByLogin(login: string): Promise<UserRecord | null>;
  /** Applies the patch; throws UniqueViolationError on a taken username or email. Returns null when no such user. */
  update(id: string, patch: UserPatch): Promise<UserRecord | null>;
  /**
   * Inserts a user unless a unique key (username+discriminator, email) is taken: null then, and an enclosing
   * transaction stays usable (no error is raised, so PostgreSQL does not abort it).
   */
  createUnlessTaken(user: NewUser): Promise<UserRecord | null>;
  /** Deletes a user; their sessions go with them by cascade. */
  delete(id: string): Promise<boolean>;
}

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
}

export interface SessionStore {
  create(session: SessionRecord): Promise<void>;
  /** The session whose token has this digest, with its user, if it has not expired at `now`. */
  findActiveByDigest(digest: string, now: number): Promise<{ session: SessionRecord; user: UserRecord } | null>;
  listActiveByUser(userId: string, now: number): Promise<SessionRecord[]>;
  /** Deletes one of the user's sessions; false when the user has no such session. */
  delete(userId: string, sessionId: string): Promise<boolean>;
  /** Deletes all of the user's sessions but one; returns how many were deleted. */
  deleteAllExcept(userId: string, keepSessionId: string | null): Promise<number>;
}

export type TokenEndpointAuthMethod = 'client_secret_basic' | 'client_secret_post' | 'none';

export interface ApplicationRecord {
  /** Also the OAuth2 client_id. */
  id: string;
  ownerId: string;
  name: string;
  description: string | null;
  icon: string | null;
  termsOfServiceUrl: string | null;
  privacyPolicyUrl: string | null;
  redirectUris: string[];
  tokenEndpointAuthMethod: TokenEndpointAuthMethod;
  /** SHA-256 digest of the client secret; null for public clients. */
  clientSecretDigest: string | null;
  botUserId: string;
  botTokenDigest: string;
  botPublic: boolean;
  botRequireCodeGrant: boolean;
  flags: number;
  createdAt: number;
}

export type ApplicationPatch = Partial<
  Pick<
    ApplicationRecord,
    | 'name'
    | 'description'
    | 'icon'
    | 'termsOfServiceUrl'
    | 'privacyPolicyUrl'
    | 'redirectUris'
    | 'tokenEndpointAuthMethod'
    | 'clientSecretDigest'
    | 'botTokenDigest'
    | 'botPublic'
    | 'botRequireCodeGrant'
    | 'flags'
  >
>;

export interface ApplicationStore {
  create(application: ApplicationRecord): Promise<void>;
  findById(id: string): Promise<ApplicationRecord | null>;
  /** The application whose bot token has this digest, with its bot user. */
  findByBotTokenDigest(digest: string): Promise<{ application: ApplicationRecord; bot: UserRecord } | null>;
  listByOwner(ownerId: string): Promise<ApplicationRecord[]>;
  countByOwner(ownerId: string): Promise<number>;
  update(id: string, patch: ApplicationPatch): Promise<ApplicationRecord | null>;
  /** Deletes the application; rows that reference it (codes, tokens, grants) go with it by cascade. */
  delete(id: string): Promise<boolean>;
}

export interface ImageRecord {
  /** Hex SHA-256 of the bytes: the image's name in URLs and in the avatar, banner and icon fields. */
  hash: string;
  contentType: string;
  bytes: Buffer;
  createdAt: number;
}

export interface ImageStore {
  /** Stores the image unless one with the same hash exists (content-addressed, so it is the same image). */
  put(image: ImageRecord): Promise<void>;
  get(hash: string): Promise<ImageRecord | null>;
}

export interface Store {
  readonly dialect: Dialect;
  readonly users: UserStore;
  readonly sessions: SessionStore;
  readonly applications: ApplicationStore;
  readonly images: ImageStore;
  /** Runs `work` in one database transaction; the store passed to it reads and writes inside that transaction. */
  transaction<T>(work: (store: Store) => Promise<T>): Promise<T>;
  /** Round-trips to the database; throws when it does not answer. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export class UniqueViolationError extends Error {
  constructor(readonly constraint: string) {
    super(`unique constraint violated: ${constraint}`);
    this.name = 'UniqueViolationError';
  }
}

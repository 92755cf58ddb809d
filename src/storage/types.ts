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
  /** Where RP-initiated logout may send the user back (OpenID Connect RP-Initiated Logout 1.0), exact match. */
  postLogoutRedirectUris: string[];
  /** `opaque` (default) or `jwt` (RFC 9068 access tokens). */
  accessTokenFormat: AccessTokenFormat;
}

export type AccessTokenFormat = 'opaque' | 'jwt';

export type ApplicationPatch = Partial<
  Pick<
    ApplicationRecord,
    | 'name'
    | 'description'
    | 'icon'
    | 'termsOfServiceUrl'
    | 'privacyPolicyUrl'
    | 'redirectUris'
    | 'postLogoutRedirectUris'
    | 'accessTokenFormat'
    | 'tokenEndpointAuthMethod'
    | 'clientSecretDigest'
    | 'botTokenDigest'
    | 'botPublic'
    | 'botRequireCodeGrant'
    | 'flags'
  >
>;

/** What client authentication (RFC 6749 2.3) reads of an application: who it is, whose, and how it proves it. */
export type ClientRecord = Pick<ApplicationRecord, 'id' | 'ownerId' | 'tokenEndpointAuthMethod' | 'clientSecretDigest' | 'accessTokenFormat'>;

export interface ApplicationStore {
  create(application: ApplicationRecord): Promise<void>;
  findById(id: string): Promise<ApplicationRecord | null>;
  /** The client-authentication fields of an application (the token endpoint's hot path). */
  findClient(id: string): Promise<ClientRecord | null>;
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
  /**
   * Stores the image unless one with the same hash exists (content-addressed, so it is the same image); an existing one
   * only takes the new createdAt, so the purge's grace time starts again.
   */
  put(image: ImageRecord): Promise<void>;
  get(hash: string): Promise<ImageRecord | null>;
}

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

/** An authorization code, stored under the digest of the code. */
export interface CodeRecord {
  digest: string;
  applicationId: string;
  userId: string;
  authorizationId: string;
  /** The token family that redeeming this code starts; a replay revokes it. */
  familyId: string;
  /** The redirect_uri of the authorization request, or null when the request omitted it. */
  redirectUri: string | null;
  scopes: string[];
  codeChallenge: string | null;
  nonce: string | null;
  createdAt: number;
  expiresAt: number;
  consumedAt: number | null;
  /** The guild of a bot install (null for other codes). */
  guildId: string | null;
  /** The permissions granted with the bot install. */
  permissions: bigint | null;
  /** The install this code came from; null for other codes, and once the install is removed. */
  integrationId: string | null;
  /** What id tokens say of the login behind the grant (OpenID Connect Core 2). */
  login: LoginFacts;
}

/** The login an OpenID Connect grant rests on, carried from the code to its tokens (and their refreshes). */
export interface LoginFacts {
  /** When the user signed in (ms), or null for grants without a login (client_credentials). */
  authTime: number | null;
  /** RFC 8176 authentication methods; empty when unknown. */
  amr: string[];
  /** Claims the `claims` request parameter asked for in the id token. */
  idTokenClaims: string[];
}

export interface CodeStore {
  create(code: CodeRecord): Promise<void>;
  /**
   * Marks the code consumed if it belongs to the application and is not consumed yet, atomically:
   * of concurrent callers exactly one gets the record, every other one null.
   */
  consume(digest: string, applicationId: string, now: number): Promise<CodeRecord | null>;
  find(digest: string): Promise<CodeRecord | null>;
  /** Deletes the user's codes not yet redeemed, so none of them can start a token family later. */
  deleteUnconsumedForUser(userId: string): Promise<void>;
}

export type OAuthTokenKind = 'access' | 'refresh';

/** An OAuth2 access or refresh token, stored under the digest of the token. */
export interface OAuthTokenRecord {
  digest: string;
  kind: OAuthTokenKind;
  /** Every token descending from one code redemption or client_credentials request shares a family. */
  familyId: string;
  /** When the family started (its code redemption): carried over on rotation, it bounds the family's absolute lifetime. */
  familyStartedAt: number;
  applicationId: string;
  userId: string;
  /** The user's authorization this token rests on; null for client_credentials tokens. */
  authorizationId: string | null;
  grantType: string;
  scopes: string[];
  createdAt: number;
  expiresAt: number;
  /** Set when revoked or, for refresh tokens, rotated out. */
  revokedAt: number | null;
  /** The guild of the bot install this token's grant came from, if any. */
  guildId: string | null;
  /** That install; null for tokens without one, and once it is removed (which ends the token's guild access). */
  integrationId: string | null;
  login: LoginFacts;
}

export interface FoundToken {
  token: OAuthTokenRecord;
  user: UserRecord;
}

export interface TokenStore {
  create(tokens: OAuthTokenRecord[]): Promise<void>;
  /** The token with this digest, with its user, in one indexed lookup (the bearer hot path). */
  find(digest: string): Promise<FoundToken | null>;
  /**
   * Rotates a refresh token in one transaction: marks it rotated out only if it is still active and belongs to the
   * application (exactly one concurrent caller wins), then inserts `replacements`. False when this caller lost.
   */
  rotateRefreshToken(digest: string, applicationId: string, now: number, replacements: OAuthTokenRecord[]): Promise<boolean>;
  revoke(digest: string, now: number): Promise<void>;
  /** Revokes every access and refresh token of the family. */
  revokeFamily(familyId: string, now: number): Promise<void>;
  /** Revokes every access and refresh token issued to the user, by any application; returns how many. */
  revokeAllForUser(userId: string, now: number): Promise<number>;
}

export interface GuildRecord {
  id: string;
  name: string;
  icon: string | null;
  ownerId: string;
  createdAt: number;
  /** The upstream provider the guild was imported from (its id is the upstream one); null for guilds created here. */
  sourceProvider: string | null;
}

export type GuildPatch = Partial<Pick<GuildRecord, 'name' | 'icon' | 'ownerId'>>;

export interface GuildMemberRecord {
  guildId: string;
  userId: string;
  /** The granted 64-bit permission bitfield. */
  permissions: bigint;
  joinedAt: number;
}

export interface GuildStore {
  /** Inserts the guild (its members are added on their own). Throws UniqueViolationError when the id is taken. */
  create(guild: GuildRecord): Promise<void>;
  findById(id: string): Promise<GuildRecord | null>;
  /** Applies the patch; null when no such guild. */
  update(id: string, patch: GuildPatch): Promise<GuildRecord | null>;
  findMember(guildId: string, userId: string): Promise<GuildMemberRecord | null>;
  /** The guilds the user is a member of, with that membership, oldest first. */
  listForUser(userId: string): Promise<{ guild: GuildRecord; member: GuildMemberRecord }[]>;
  /** Inserts a membership; throws UniqueViolationError when the user is already a member. */
  addMember(member: GuildMemberRecord): Promise<void>;
  /** Replaces a member's permissions; null when no such member. */
  updateMember(guildId: string, userId: string, permissions: bigint): Promise<GuildMemberRecord | null>;
  removeMember(guildId: string, userId: string): Promise<boolean>;
  /** Members with their users, by ascending user id, after `after` (a user id) when given. */
  listMembers(guildId: string, page: { limit: number; after?: string }): Promise<{ member: GuildMemberRecord; user: UserRecord }[]>;
}

/** An application installed into a guild: its bot is a member holding `permissions`. */
export interface IntegrationRecord {
  /** New for each install; kept when the application is installed again over an existing install. */
  id: string;
  guildId: string;
  applicationId: string;
  permissions: bigint;
  scopes: string[];
  /** The user who installed it (last), or null once that user is deleted. */
  installedBy: string | null;
  installedAt: number;
}

export interface IntegrationStore {
  /**
   * Creates the install, or updates permissions, scopes, installer and time of the existing one (keeping its id);
   * returns it.
   */
  upsert(integration: IntegrationRecord): Promise<IntegrationRecord>;
  find(guildId: string, applicationId: string): Promise<IntegrationRecord | null>;
  /** The guild's installs with their applications and bot users, oldest first. */
  listByGuild(guildId: string): Promise<{ integration: IntegrationRecord; application: ApplicationRecord; bot: UserRecord }[]>;
  /**
   * Deletes the install; codes and tokens bound to it lose their integration_id in the same statement. Returns the
   * deleted record, or null when there was none.
   */
  delete(guildId: string, applicationId: string): Promise<IntegrationRecord | null>;
}

export type EventWebhookStatus = 'enabled' | 'disabled';

export interface EventSettingsRecord {
  applicationId: string;
  url: string | null;
  types: string[];
  status: EventWebhookStatus;
  /** Hex of the raw 32-byte Ed25519 public key. */
  verifyKey: string;
  /** Base64 of the PKCS8 DER Ed25519 private key. */
  signingKey: string;
}

export type EventStatus = 'pending' | 'delivered' | 'failed';

export interface EventRecord {
  id: string;
  applicationId: string;
  type: string;
  /** The exact JSON body delivered (signed as is on every attempt). */
  payload: string;
  status: EventStatus;
  createdAt: number;
  attempts: number;
  nextAttemptAt: number;
  deliveredAt: number | null;
  lastStatus: number | null;
  lastError: string | null;
}

export interface EventDeliveryRecord {
  eventId: string;
  attempt: number;
  at: number;
  statusCode: number | null;
  error: string | null;
  durationMs: number;
}

/** What an attempt left behind: `pending` again with a later due time, `delivered` or `failed`. */
export type AttemptOutcome = Pick<EventRecord, 'status' | 'nextAttemptAt' | 'deliveredAt' | 'lastStatus' | 'lastError'>;

export interface EventStore {
  findSettings(applicationId: string): Promise<EventSettingsRecord | null>;
  /** Inserts the settings unless the application has some already; returns the stored ones. */
  insertSettingsIfAbsent(settings: EventSettingsRecord): Promise<EventSettingsRecord>;
  /** Inserts or replaces url, types and status; the key pair is only written when the row is new. */
  saveSettings(settings: EventSettingsRecord): Promise<EventSettingsRecord>;
  enqueue(event: EventRecord): Promise<void>;
  findEvent(id: string): Promise<EventRecord | null>;
  /**
   * The oldest pending event of each application (of `applicationId` only, when given) when it is due at `now`,
   * oldest due first: an application's later events wait until the earlier ones are delivered or failed.
   */
  listDue(now: number, limit: number, applicationId?: string): Promise<EventRecord[]>;
  /**
   * Claims the next attempt of a due pending event seen with `attempts`, when no earlier event of its application is
   * pending: counts the attempt and moves its due time to `leaseUntil`. True for exactly one of any number of
   * concurrent claimers.
   */
  claim(id: string, attempts: number, now: number, leaseUntil: number): Promise<boolean>;
  /**
   * Records the outcome of the attempt that claimed the event to `attempts` (unless a later claim took it over after
   * the lease lapsed) and appends the attempt to the delivery log.
   */
  finishAttempt(id: string, attempts: number, outcome: AttemptOutcome, delivery: EventDeliveryRecord | null): Promise<void>;
  /** The application's delivery log, newest first. */
  listDeliveries(applicationId: string, limit: number): Promise<(EventDeliveryRecord & { eventType: string })[]>;
  /** Pending events (the outbox depth) and the creation time of the oldest (null when none). */
  outboxStats(): Promise<{ pending: number; oldestCreatedAt: number | null }>;
}

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

/**
 * What the purge deletes by age: expired codes (authorization and device), tokens, sessions and upstream login states,
 * and finished events.
 */
export type PurgeTarget = 'codes' | 'deviceCodes' | 'tokens' | 'sessions' | 'upstreamStates' | 'events';

/** One page of the orphaned-image walk: how many went, and the last hash looked at (null: the walk is done). */
export interface OrphanPage {
  deleted: number;
  last: string | null;
}

export interface PurgeStore {
  /**
   * Deletes, in one statement, at most `limit` rows of `target` that are past `before`: codes, device codes, tokens,
   * sessions and upstream login states that expired before it, events that finished (delivered or failed) before it with their delivery log. Returns how
   * many rows went.
   */
  deleteBatch(target: PurgeTarget, before: number, limit: number): Promise<number>;
  /**
   * Looks at the next `limit` images stored before `before` with a hash after `after` (hash order) and deletes, in one
   * statement, those no user, bot, application or guild names: a walk in bounded steps whatever the table's size.
   */
  deleteOrphanImages(before: number, after: string, limit: number): Promise<OrphanPage>;
}

export type SigningAlg = 'RS256' | 'ES256' | 'EdDSA';

/** A key pair that signs id tokens and JWT access tokens; its private half is stored encrypted. */
export interface SigningKeyRecord {
  /** The JWK thumbprint (RFC 7638) of the public key. */
  kid: string;
  /** Generation: 1 for the first key, one more for each rotation. */
  seq: number;
  alg: SigningAlg;
  publicJwk: Record<string, unknown>;
  /** Compact JWE of the private JWK. */
  encryptedPrivateJwk: string;
  createdAt: number;
  activatedAt: number;
  /** Null while the key signs; then when it leaves the JWKS (every token it signed has expired by then). */
  retiredAt: number | null;
}

export interface SigningKeyStore {
  /** Inserts the key unless its seq (or kid) is taken: false then, and an enclosing transaction stays usable. */
  insertUnlessTaken(key: SigningKeyRecord): Promise<boolean>;
  /** Every key, newest first. */
  list(): Promise<SigningKeyRecord[]>;
  /** Keys in the JWKS at `now` (signing, or retiring later), newest first. */
  listPublished(now: number): Promise<SigningKeyRecord[]>;
  /** The highest seq, or 0 when there is no key. */
  latestSeq(): Promise<number>;
  /** Sets `retiredAt` on every signing key older than `seq`; returns how many. */
  retireOlderThan(seq: number, retiredAt: number): Promise<number>;
}

/** Upstream web logins under way, by the digest of the state sent upstream: each state is good for one callback. */
export interface UpstreamLoginStateStore {
  /** Records a new state until `expiresAt` (the purge job deletes expired ones). */
  create(stateDigest: string, expiresAt: number): Promise<void>;
  /** Uses the state up if it is recorded and not expired, atomically: of concurrent callers exactly one gets true. */
  consume(stateDigest: string, now: number): Promise<boolean>;
}

/** Brands transaction handles: only `Store.transaction` makes one, so a root store is never taken for a `Tx`. */
export const TX: unique symbol = Symbol('guildgate.tx');

/** Every repository: a root store and a transaction handle both offer them. */
export interface Repositories {
  readonly users: UserStore;
  readonly sessions: SessionStore;
  readonly applications: ApplicationStore;
  readonly images: ImageStore;
  readonly authorizations: AuthorizationStore;
  readonly codes: CodeStore;
  readonly tokens: TokenStore;
  readonly guilds: GuildStore;
  readonly integrations: IntegrationStore;
  readonly events: EventStore;
  readonly identities: LinkedIdentityStore;
  readonly upstreamStates: UpstreamLoginStateStore;
  readonly signingKeys: SigningKeyStore;
}

/**
 * The handle of one open transaction: its repositories read and write inside it, and only until its callback's promise
 * settles. Code that composes inside a caller's transaction takes a `Tx`; a root `Store` does not type-check there.
 */
export interface Tx extends Repositories {
  readonly [TX]: true;
}

/**
 * The root store. Its repositories run each call on its own (the hot paths: one lookup, one write); `transaction` runs
 * several as one unit.
 */
export interface Store extends Repositories {
  readonly dialect: Dialect;
  /** Outside any transaction: each batch is a statement of its own. */
  readonly purge: PurgeStore;
  /**
   * Runs `work` in one short database transaction and answers what it answers; a throw rolls everything back. Inside,
   * read and write through `tx` only: a query on this root store from inside `work` (or a nested `transaction`) is
   * refused with an error, never left waiting. Hash, sign, fetch and render before, never inside.
   */
  transaction<T>(work: (tx: Tx) => Promise<T>): Promise<T>;
  /** Round-trips to the database; throws when it does not answer. */
  ping(): Promise<void>;
  /** Names of the migrations this build has that the database has not applied. */
  pendingMigrations(): Promise<string[]>;
  /** Connections of the pool in use and requests waiting for one; null where there is no pool (SQLite). */
  poolUsage(): PoolUsage | null;
  close(): Promise<void>;
}

export interface PoolUsage {
  inUse: number;
  waiting: number;
}

export class UniqueViolationError extends Error {
  constructor(readonly constraint: string) {
    super(`unique constraint violated: ${constraint}`);
    this.name = 'UniqueViolationError';
  }
}

/** The database cannot be reached now (a cut connection, a restart, a failover): the call may succeed if retried. */
export class StoreUnavailableError extends Error {
  constructor(readonly reason: unknown) {
    super('The database is unavailable');
    this.name = 'StoreUnavailableError';
  }
}

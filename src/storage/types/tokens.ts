// The OAuth2 token store: access and refresh tokens and their families.
import type { LoginFacts } from './codes.js';
import type { UserRecord, UserState } from './users.js';

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

/** What introspection answers from: a token's own facts, its scope as stored, and its user's id, name and state. */
export interface IntrospectedToken {
  kind: OAuthTokenKind;
  applicationId: string;
  /** Space-separated, as stored. */
  scope: string;
  createdAt: number;
  expiresAt: number;
  revokedAt: number | null;
  userId: string;
  username: string;
  userState: UserState;
}

/** What a grant issues from a code it consumed: the token records, and whether the same unit reads their user (for an id token). */
export interface Issuance {
  tokens: OAuthTokenRecord[];
  readUser: boolean;
}

export interface TokenStore {
  create(tokens: OAuthTokenRecord[]): Promise<void>;
  /** The token with this digest, with its user, in one indexed lookup (the bearer hot path). */
  find(digest: string): Promise<FoundToken | null>;
  /** The same lookup reading only what introspection answers (the introspection hot path). */
  introspect(digest: string): Promise<IntrospectedToken | null>;
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

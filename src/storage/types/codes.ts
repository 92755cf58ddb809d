// The authorization-code store, and the login facts a grant carries from its code to its tokens.

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

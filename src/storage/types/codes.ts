// The authorization-code store, and the login facts a grant carries from its code to its tokens.
import type { Issuance } from './tokens.js';
import type { UserRecord } from './users.js';

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

/** A code exchange's decision on the code it consumed: the tokens to issue, or a refusal (the code stays spent). */
export type CodeDecision<I extends Issuance, E> = I | { refusal: E };

/** A code exchange that consumed the code: too late, refused, or issued as decided (with the user, when read). */
export type CodeExchange<I extends Issuance, E> =
  | { outcome: 'expired'; code: CodeRecord }
  | { outcome: 'refused'; code: CodeRecord; refusal: E }
  | { outcome: 'issued'; code: CodeRecord; issuance: I; user: UserRecord | null };

export interface CodeStore {
  create(code: CodeRecord): Promise<void>;
  /**
   * Marks the code consumed if it belongs to the application and is not consumed yet, atomically:
   * of concurrent callers exactly one gets the record, every other one null.
   */
  consume(digest: string, applicationId: string, now: number): Promise<CodeRecord | null>;
  /**
   * Exchanges the application's code for tokens as one atomic unit: consumes it as `consume` does; unless it has
   * expired, asks `decide` (synchronous: checks only, no I/O) what to issue, and inserts those tokens, reading their
   * user when asked, before the unit commits. Expiry or a refusal leaves the code consumed and writes no token. Null
   * when no code was consumed (unknown, another application's, or already used).
   */
  exchange<I extends Issuance, E>(
    digest: string,
    applicationId: string,
    now: number,
    decide: (code: CodeRecord) => CodeDecision<I, E>,
  ): Promise<CodeExchange<I, E> | null>;
  find(digest: string): Promise<CodeRecord | null>;
  /** Deletes the user's codes not yet redeemed, so none of them can start a token family later. */
  deleteUnconsumedForUser(userId: string): Promise<void>;
}

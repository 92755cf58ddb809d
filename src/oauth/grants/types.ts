// The grant plugin contract (RFC 6749 section 4): each grant names its grant_type and parameters and handles the request.
import type { AuthenticatedClient } from '../client-auth.js';
import type { OAuthContext } from '../context.js';
import type { TokenResponse } from '../tokens.js';

/** The grant's own parameters, picked from the request; absent ones are undefined. */
export type GrantParameters = Record<string, string | undefined>;

export interface TokenGrant {
  readonly grantType: string;
  /** The request parameters this grant reads, besides grant_type and client credentials. */
  readonly parameters: readonly string[];
  /** Issues tokens for an authenticated client, or throws an OAuthError. */
  handle(ctx: OAuthContext, client: AuthenticatedClient, params: GrantParameters): Promise<TokenResponse>;
}

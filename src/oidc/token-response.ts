// The signed parts of a token response, made after the transaction that stored the tokens: the id token when the grant
// has the `openid` scope (OpenID Connect Core 3.1.3.3 and 12.2).
import type { OAuthContext } from '../oauth/context.js';
import type { TokenResponse } from '../oauth/tokens.js';
import type { LoginFacts, UserRecord } from '../storage/types.js';
import { signIdToken } from './id-token.js';

export interface SignedParts {
  user: UserRecord;
  clientId: string;
  scopes: readonly string[];
  login: LoginFacts;
  nonce: string | null;
}

export async function withIdToken(ctx: OAuthContext, response: TokenResponse, parts: SignedParts): Promise<TokenResponse> {
  if (!parts.scopes.includes('openid')) return response;
  const idToken = await signIdToken(ctx, { user: parts.user, clientId: parts.clientId, login: parts.login, accessToken: response.access_token, nonce: parts.nonce });
  return { ...response, id_token: idToken };
}

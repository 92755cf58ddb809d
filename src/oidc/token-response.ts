// The signed parts of a token response, made after the transaction that stored the tokens: the JWT access token when
// the application asked for one (RFC 9068), then the id token when the grant has the `openid` scope (OpenID Connect
// Core 3.1.3.3 and 12.2), whose at_hash covers the access token as sent.
import type { OAuthContext } from '../oauth/context.js';
import type { MintedTokens, TokenResponse } from '../oauth/tokens.js';
import type { LoginFacts, UserRecord } from '../storage/types.js';
import { signIdToken } from './id-token.js';
import { signJwtAccessToken } from './jwt-access-token.js';

export interface IdTokenParts {
  user: UserRecord;
  clientId: string;
  scopes: readonly string[];
  login: LoginFacts;
  nonce: string | null;
}

/** `response` is the minted one (perhaps with a guild added); `idToken` is null where no id token can be issued. */
export async function finishResponse(
  ctx: OAuthContext,
  minted: Pick<MintedTokens, 'jwt'>,
  response: TokenResponse,
  idToken: IdTokenParts | null,
): Promise<TokenResponse> {
  const finished = minted.jwt ? { ...response, access_token: await signJwtAccessToken(ctx, minted.jwt) } : response;
  if (!idToken?.scopes.includes('openid')) return finished;
  const signed = await signIdToken(ctx, {
    user: idToken.user,
    clientId: idToken.clientId,
    login: idToken.login,
    accessToken: finished.access_token,
    nonce: idToken.nonce,
  });
  return { ...finished, id_token: signed };
}

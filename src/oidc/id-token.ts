// Id tokens (OpenID Connect Core 2, 3.1.3.6 and 12.2): signed with the node's current key, at_hash over the access token,
// auth_time and amr from the login, nonce echoed on the code exchange; claims the `claims` parameter asked for.
import { createHash } from 'node:crypto';
import { SignJWT } from 'jose';
import type { OAuthContext } from '../oauth/context.js';
import type { LoginFacts, SigningAlg, UserRecord } from '../storage/types.js';
import { isStandardClaim, standardClaims } from './user-claims.js';

export interface IdTokenInput {
  user: UserRecord;
  clientId: string;
  login: LoginFacts;
  /** The access token issued beside it, for at_hash. */
  accessToken: string;
  /** The authorization request's nonce (code exchange only; a refresh's id token carries none). */
  nonce: string | null;
}

/** OpenID Connect Core 3.1.3.6: the left half of the hash that the signing algorithm uses, base64url. */
export function tokenHash(token: string, alg: SigningAlg): string {
  const digest = createHash(alg === 'EdDSA' ? 'sha512' : 'sha256')
    .update(token, 'ascii')
    .digest();
  return digest.subarray(0, digest.length / 2).toString('base64url');
}

export async function signIdToken(ctx: OAuthContext, input: IdTokenInput): Promise<string> {
  const { kid, alg, key } = await ctx.keys.signingKey();
  const now = Math.floor(ctx.clock.now() / 1000);
  const { login } = input;
  const payload = {
    ...standardClaims(input.user, login.idTokenClaims.filter(isStandardClaim), ctx.issuer),
    ...(login.authTime !== null && { auth_time: Math.floor(login.authTime / 1000) }),
    ...(input.nonce !== null && { nonce: input.nonce }),
    at_hash: tokenHash(input.accessToken, alg),
    ...(login.amr.length > 0 && { amr: login.amr }),
  };
  return new SignJWT(payload)
    .setProtectedHeader({ alg, kid, typ: 'JWT' })
    .setIssuer(ctx.issuer)
    .setSubject(input.user.id)
    .setAudience(input.clientId)
    .setIssuedAt(now)
    .setExpirationTime(now + ctx.lifetimes.idToken)
    .sign(key);
}

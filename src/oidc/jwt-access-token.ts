// JWT access tokens (RFC 9068), for applications that opt in: typ at+jwt, signed with the node's current key after the
// transaction that stored the token's row. The row is keyed by the digest of the token's jti, so bearer use,
// introspection and revocation find it as they find an opaque token; a revoked one stops working here at once.
import { compactVerify, createLocalJWKSet, SignJWT, type JWTVerifyGetKey } from 'jose';
import { digestToken } from '../crypto/tokens.js';
import type { OAuthContext } from '../oauth/context.js';
import type { Jwks } from './key-ring.js';

/** A JWT's three base64url parts; anything longer than this is not one of ours. */
const JWT = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;
const JWT_MAX = 4096;

export function looksLikeJwt(token: string): boolean {
  return token.length <= JWT_MAX && JWT.test(token);
}

/** The audience of guildgate's JWT access tokens: its API. */
export function accessTokenAudience(issuer: string): string {
  return `${issuer}/api/v1`;
}

export interface JwtAccessTokenInput {
  jti: string;
  userId: string;
  clientId: string;
  scopes: readonly string[];
  expiresAt: number;
  authTime: number | null;
}

export async function signJwtAccessToken(ctx: OAuthContext, input: JwtAccessTokenInput): Promise<string> {
  const { kid, alg, key } = await ctx.keys.signingKey();
  return new SignJWT({
    client_id: input.clientId,
    scope: input.scopes.join(' '),
    ...(input.authTime !== null && { auth_time: Math.floor(input.authTime / 1000) }),
  })
    .setProtectedHeader({ alg, kid, typ: 'at+jwt' })
    .setIssuer(ctx.issuer)
    .setSubject(input.userId)
    .setAudience(accessTokenAudience(ctx.issuer))
    .setJti(input.jti)
    .setIssuedAt(Math.floor(ctx.clock.now() / 1000))
    .setExpirationTime(Math.floor(input.expiresAt / 1000))
    .sign(key);
}

const keySets = new WeakMap<Jwks, JWTVerifyGetKey>();

/**
 * The digest a presented token is stored under: of the token itself for an opaque one, of the jti for a JWT access
 * token whose signature checks out against the published keys; null for a JWT that does not.
 */
export async function presentedTokenDigest(ctx: OAuthContext, token: string): Promise<string | null> {
  if (!looksLikeJwt(token)) return digestToken(token);
  const jwks = await ctx.keys.jwks();
  let keySet = keySets.get(jwks);
  if (!keySet) {
    keySet = createLocalJWKSet(jwks);
    keySets.set(jwks, keySet);
  }
  try {
    const { payload, protectedHeader } = await compactVerify(token, keySet);
    if (protectedHeader.typ !== 'at+jwt') return null;
    const jti = (JSON.parse(new TextDecoder().decode(payload)) as { jti?: unknown }).jti;
    return typeof jti === 'string' ? digestToken(jti) : null;
  } catch {
    return null;
  }
}

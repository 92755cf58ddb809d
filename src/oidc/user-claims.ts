// User claims (OpenID Connect Core 5.1 and 5.4): `profile` and `email` scopes as standard claims, beside the
// Discord-style fields that `identify` and `email` have always given.
import type { UserRecord } from '../storage/types.js';

/** Standard claims this server knows of a user, by the scope that releases them. */
export const SCOPE_CLAIMS = {
  profile: ['preferred_username', 'name', 'picture'],
  email: ['email', 'email_verified'],
} as const;

export type StandardClaim = (typeof SCOPE_CLAIMS)[keyof typeof SCOPE_CLAIMS][number];

export const STANDARD_CLAIMS: readonly StandardClaim[] = [...SCOPE_CLAIMS.profile, ...SCOPE_CLAIMS.email];

/** Every claim of id tokens and userinfo answers, for discovery's claims_supported. */
export const CLAIMS_SUPPORTED = ['sub', 'iss', 'aud', 'exp', 'iat', 'auth_time', 'nonce', 'at_hash', 'amr', ...STANDARD_CLAIMS];

export function isStandardClaim(name: string): name is StandardClaim {
  return (STANDARD_CLAIMS as readonly string[]).includes(name);
}

/** The value of one standard claim for the user; null when the user has none (then the claim is left out). */
function claimValue(user: UserRecord, claim: StandardClaim, issuer: string): string | boolean | null {
  switch (claim) {
    case 'preferred_username':
      return user.username;
    case 'name':
      return user.globalName ?? user.username;
    case 'picture':
      return user.avatar === null ? null : `${issuer}/images/${user.avatar}`;
    case 'email':
      return user.email;
    case 'email_verified':
      return user.email === null ? null : user.verified;
  }
}

/** The named claims the user has values for. */
export function standardClaims(user: UserRecord, claims: readonly StandardClaim[], issuer: string): Record<string, string | boolean> {
  const out: Record<string, string | boolean> = {};
  for (const claim of claims) {
    const value = claimValue(user, claim, issuer);
    if (value !== null) out[claim] = value;
  }
  return out;
}

/** The standard claims the granted scopes release. */
export function claimsForScopes(scopes: readonly string[]): StandardClaim[] {
  return Object.entries(SCOPE_CLAIMS).flatMap(([scope, claims]) => (scopes.includes(scope) ? [...claims] : []));
}

// Opaque credentials: 256-bit random tokens with a kind prefix, stored only as SHA-256 digests.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** The prefix tells which store a presented token belongs to, before any lookup. */
export const TOKEN_PREFIXES = {
  session: 'ggs_',
  api: 'gga_',
  access: 'ggat_',
  refresh: 'ggrt_',
  code: 'ggc_',
  deviceCode: 'ggdc_',
  clientSecret: 'ggcs_',
  bot: 'ggb_',
} as const;

export type TokenKind = keyof typeof TOKEN_PREFIXES;

/** A fresh token of the given kind: prefix + 43 base64url characters (32 random bytes). */
export function generateToken(kind: TokenKind): string {
  return TOKEN_PREFIXES[kind] + randomBytes(32).toString('base64url');
}

/** The digest under which a token is stored and looked up (hex SHA-256). */
export function digestToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/**
 * Whether a presented token's digest (digestToken) is the stored one, in constant time. One SHA-256 suffices: tokens
 * and client secrets are 256-bit random values, so a slow password hash would add nothing but cost.
 */
export function sameDigest(presented: string, stored: string): boolean {
  const actual = Buffer.from(presented, 'hex');
  const expected = Buffer.from(stored, 'hex');
  return expected.length === actual.length && timingSafeEqual(actual, expected);
}

/** Constant-time comparison of two strings of any length. */
export function safeEqual(a: string, b: string): boolean {
  const left = createHash('sha256').update(a).digest();
  const right = createHash('sha256').update(b).digest();
  return timingSafeEqual(left, right);
}

/** The kind a presented token claims by its prefix, or null. */
export function tokenKind(token: string): TokenKind | null {
  for (const [kind, prefix] of Object.entries(TOKEN_PREFIXES) as [TokenKind, string][]) {
    if (token.startsWith(prefix)) return kind;
  }
  return null;
}

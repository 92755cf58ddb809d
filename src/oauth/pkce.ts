// Proof Key for Code Exchange (RFC 7636): S256 only; verifier and challenge syntax (sections 4.1, 4.2) and the check (4.6).
import { createHash } from 'node:crypto';
import { safeEqual } from '../crypto/tokens.js';

/** RFC 7636 4.1: 43 to 128 unreserved characters. The S256 challenge (base64url of 32 bytes) is 43 of them. */
export const CODE_VERIFIER_PATTERN = '^[A-Za-z0-9\\-._~]{43,128}$';
const VERIFIER = new RegExp(CODE_VERIFIER_PATTERN);
const S256_CHALLENGE = /^[A-Za-z0-9\-_]{43}$/;

export const CODE_CHALLENGE_METHODS = ['S256'] as const;

export function isValidVerifier(verifier: string): boolean {
  return VERIFIER.test(verifier);
}

export function isValidS256Challenge(challenge: string): boolean {
  return S256_CHALLENGE.test(challenge);
}

export function s256Challenge(verifier: string): string {
  return createHash('sha256').update(verifier, 'ascii').digest('base64url');
}

/** Whether the verifier is well formed and hashes to the challenge. */
export function verifierMatches(verifier: string, challenge: string): boolean {
  return isValidVerifier(verifier) && safeEqual(s256Challenge(verifier), challenge);
}

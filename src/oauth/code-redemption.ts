// Redeeming an authorization code (RFC 6749 sections 4.1.2 and 10.5, RFC 7636 section 4.6): the one atomic consume
// shared by the token endpoint and the verify endpoint, so a code works once across both.
import { OAuthError } from '../errors/oauth-error.js';
import type { CodeRecord, Tx } from '../storage/types.js';
import { isValidVerifier, verifierMatches } from './pkce.js';

/** Who redeems a code: the client, whether it proved itself with credentials, and its PKCE verifier, if any. */
export interface Redeemer {
  applicationId: string;
  /** A confidential client that authenticated with its secret. */
  authenticated: boolean;
  /** A public client: it has no secret, and its PKCE verifier is what proves it. */
  isPublic: boolean;
  verifier?: string;
}

/** Whether the redeemer proved it is the client the code was issued to (a stranger may know a code, not the proof). */
function proves(redeemer: Redeemer, code: CodeRecord): boolean {
  if (redeemer.authenticated) return true;
  const { verifier } = redeemer;
  return redeemer.isPublic && verifier !== undefined && code.codeChallenge !== null && verifierMatches(verifier, code.codeChallenge);
}

/** The refusal of an expired code (consumed all the same, so it is spent). */
export function codeExpired(): OAuthError {
  return OAuthError.invalidGrant('The authorization code has expired');
}

/**
 * Consumes the client's unexpired code; run it in the transaction that acts on the code. The error is returned rather
 * than thrown so the caller can commit the consumption.
 */
export async function redeemCode(tx: Tx, digest: string, redeemer: Redeemer, now: number): Promise<CodeRecord | OAuthError> {
  const code = await tx.codes.consume(digest, redeemer.applicationId, now);
  if (code) return code.expiresAt <= now ? codeExpired() : code;
  return refuseUnconsumed(tx, digest, redeemer, now);
}

/**
 * The refusal of a code the redemption did not consume. A replayed code revokes every token issued from it, when the
 * replay is an authenticated redemption: client credentials, or the PKCE verifier of a public client (anyone can name
 * a client_id).
 */
export async function refuseUnconsumed(tx: Tx, digest: string, redeemer: Redeemer, now: number): Promise<OAuthError> {
  const replayed = await tx.codes.find(digest);
  if (replayed?.consumedAt != null && replayed.applicationId === redeemer.applicationId) {
    if (!proves(redeemer, replayed)) return OAuthError.invalidGrant('The authorization code was already used');
    await tx.tokens.revokeFamily(replayed.familyId, now);
    return OAuthError.invalidGrant('The authorization code was already used; tokens issued from it are revoked');
  }
  return OAuthError.invalidGrant('Invalid authorization code');
}

/** A malformed code_verifier is a bad request, checked before the code is spent. */
export function checkVerifierSyntax(verifier: string | undefined): void {
  if (verifier !== undefined && !isValidVerifier(verifier)) {
    throw new OAuthError('invalid_request', 'code_verifier must be 43 to 128 unreserved characters');
  }
}

/** What is wrong with the PKCE proof for this code, if anything. */
export function verifierProblem(code: CodeRecord, verifier: string | undefined): OAuthError | null {
  if (code.codeChallenge === null) {
    return verifier === undefined ? null : OAuthError.invalidGrant('code_verifier sent for a code issued without code_challenge');
  }
  if (verifier === undefined) return OAuthError.invalidGrant('code_verifier is required');
  return verifierMatches(verifier, code.codeChallenge) ? null : OAuthError.invalidGrant('code_verifier does not match the code_challenge');
}

// The authorization_code grant (RFC 6749 section 4.1.3, RFC 7636 section 4.6): single-use codes bound to client, redirect and PKCE.
import { digestToken } from '../../crypto/tokens.js';
import { OAuthError } from '../../errors/oauth-error.js';
import type { CodeRecord } from '../../storage/types.js';
import { isValidVerifier, verifierMatches } from '../pkce.js';
import { mintTokens, type TokenResponse } from '../tokens.js';
import type { GrantParameters, TokenGrant } from './types.js';

const invalidGrant = (description: string) => new OAuthError('invalid_grant', description);

/** What is wrong with redeeming this (just consumed) code with these parameters, if anything. */
function codeProblem(code: CodeRecord, params: GrantParameters, now: number): OAuthError | null {
  if (code.expiresAt <= now) return invalidGrant('The authorization code has expired');
  if (code.redirectUri !== null && params.redirect_uri !== code.redirectUri) {
    return invalidGrant('redirect_uri does not match the authorization request');
  }
  if (code.codeChallenge === null) {
    return params.code_verifier === undefined ? null : invalidGrant('code_verifier sent for a code issued without code_challenge');
  }
  if (params.code_verifier === undefined) return invalidGrant('code_verifier is required');
  return verifierMatches(params.code_verifier, code.codeChallenge) ? null : invalidGrant('code_verifier does not match the code_challenge');
}

export const authorizationCodeGrant: TokenGrant = {
  grantType: 'authorization_code',
  parameters: ['code', 'redirect_uri', 'code_verifier'],

  async handle(ctx, client, params) {
    if (!params.code) throw new OAuthError('invalid_request', 'code is required');
    if (params.code_verifier !== undefined && !isValidVerifier(params.code_verifier)) {
      throw new OAuthError('invalid_request', 'code_verifier must be 43 to 128 unreserved characters');
    }
    const digest = digestToken(params.code);
    const applicationId = client.application.id;
    const now = ctx.clock.now();
    // Consumption, checks and token insertion share one transaction, so a concurrent replay sees the issued tokens.
    const outcome = await ctx.store.transaction(async (store): Promise<TokenResponse | OAuthError> => {
      const code = await store.codes.consume(digest, applicationId, now);
      if (!code) {
        const replayed = await store.codes.find(digest);
        if (replayed?.consumedAt != null && replayed.applicationId === applicationId) {
          await store.tokens.revokeFamily(replayed.familyId, now);
          return invalidGrant('The authorization code was already used; tokens issued from it are revoked');
        }
        return invalidGrant('Invalid authorization code');
      }
      const problem = codeProblem(code, params, now);
      if (problem) return problem;
      const minted = mintTokens(ctx, {
        applicationId,
        userId: code.userId,
        authorizationId: code.authorizationId,
        familyId: code.familyId,
        grantType: 'authorization_code',
        scopes: code.scopes,
        refreshScopes: code.scopes,
      });
      await store.tokens.create(minted.records);
      return minted.response;
    });
    if (outcome instanceof OAuthError) throw outcome;
    return outcome;
  },
};

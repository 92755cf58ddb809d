// The authorization_code grant (RFC 6749 section 4.1.3, RFC 7636 section 4.6): single-use codes bound to client, redirect and PKCE.
import { digestToken } from '../../crypto/tokens.js';
import { OAuthError } from '../../errors/oauth-error.js';
import { guildJson } from '../../guilds/guild-json.js';
import { isConfidential } from '../client-auth.js';
import { checkVerifierSyntax, redeemCode, verifierProblem } from '../code-redemption.js';
import { finishResponse } from '../../oidc/token-response.js';
import type { CodeRecord } from '../../storage/types.js';
import { mintTokens, type MintedTokens, type TokenResponse } from '../tokens.js';
import type { TokenGrant } from './types.js';

export const authorizationCodeGrant: TokenGrant = {
  grantType: 'authorization_code',
  parameters: ['code', 'redirect_uri', 'code_verifier'],

  async handle(ctx, client, params) {
    if (!params.code) throw new OAuthError('invalid_request', 'code is required');
    checkVerifierSyntax(params.code_verifier);
    const digest = digestToken(params.code);
    const applicationId = client.application.id;
    const now = ctx.clock.now();
    const confidential = isConfidential(client);
    const redeemer = { applicationId, authenticated: confidential, isPublic: !confidential, verifier: params.code_verifier };
    // Consumption, checks and token insertion share one transaction, so a concurrent replay sees the issued tokens.
    const outcome = await ctx.store.transaction(async (tx): Promise<{ response: TokenResponse; minted: MintedTokens; code: CodeRecord } | OAuthError> => {
      const code = await redeemCode(tx, digest, redeemer, now);
      if (code instanceof OAuthError) return code;
      if (code.redirectUri !== null && params.redirect_uri !== code.redirectUri) {
        return OAuthError.invalidGrant('redirect_uri does not match the authorization request');
      }
      const problem = verifierProblem(code, params.code_verifier);
      if (problem) return problem;
      // A code tied to a guild by guild_id alone (seed 000's verify; no install, so no permissions) gives its tokens no guild.
      const guildId = code.permissions === null ? null : code.guildId;
      const minted = mintTokens(ctx, {
        applicationId,
        userId: code.userId,
        authorizationId: code.authorizationId,
        familyId: code.familyId,
        familyStartedAt: now,
        grantType: 'authorization_code',
        scopes: code.scopes,
        refreshScopes: code.scopes,
        guildId,
        integrationId: code.integrationId,
        login: code.login,
        accessTokenFormat: client.application.accessTokenFormat,
      });
      await tx.tokens.create(minted.records);
      // A bot install's exchange names the guild, as Discord's does (even once the install is removed: then the
      // token's guild calls answer 403).
      const guild = guildId === null ? null : await tx.guilds.findById(guildId);
      return { response: guild ? { ...minted.response, guild: guildJson(guild) } : minted.response, minted, code };
    });
    if (outcome instanceof OAuthError) throw outcome;
    const { response, minted, code } = outcome;
    // Signed after the commit: no signature is computed while the transaction holds the database.
    const user = code.scopes.includes('openid') ? await ctx.store.users.findById(code.userId) : null;
    const idToken = user && { user, clientId: applicationId, scopes: code.scopes, login: code.login, nonce: code.nonce };
    return finishResponse(ctx, minted, response, idToken);
  },
};

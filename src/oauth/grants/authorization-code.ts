// The authorization_code grant (RFC 6749 section 4.1.3, RFC 7636 section 4.6): single-use codes bound to client, redirect and PKCE.
import { digestToken } from '../../crypto/tokens.js';
import { OAuthError } from '../../errors/oauth-error.js';
import { guildJson } from '../../guilds/guild-json.js';
import { isConfidential } from '../client-auth.js';
import { checkVerifierSyntax, codeExpired, refuseUnconsumed, verifierProblem } from '../code-redemption.js';
import { finishResponse } from '../../oidc/token-response.js';
import type { CodeDecision, CodeRecord, Issuance } from '../../storage/types.js';
import { drawTokens, mintTokens, type MintedTokens } from '../tokens.js';
import type { TokenGrant } from './types.js';

/** The guild of the code's tokens: a code tied to a guild by guild_id alone (seed 000's verify; no install, so no permissions) gives none. */
function tokenGuild(code: CodeRecord): string | null {
  return code.permissions === null ? null : code.guildId;
}

export const authorizationCodeGrant: TokenGrant = {
  grantType: 'authorization_code',
  parameters: ['code', 'redirect_uri', 'code_verifier'],

  async handle(ctx, client, params) {
    if (!params.code) throw new OAuthError('invalid_request', 'code is required');
    checkVerifierSyntax(params.code_verifier);
    const digest = digestToken(params.code);
    const applicationId = client.application.id;
    const now = ctx.clock.now();
    // Drawn ahead: the unit that stores the tokens does no more than check the code and build their records.
    const drawn = drawTokens(true);
    // Consumption, checks and token insertion are one atomic unit, so a concurrent replay sees the issued tokens.
    const exchange = await ctx.store.codes.exchange(digest, applicationId, now, (code): CodeDecision<Issuance & { minted: MintedTokens }, OAuthError> => {
      if (code.redirectUri !== null && params.redirect_uri !== code.redirectUri) {
        return { refusal: OAuthError.invalidGrant('redirect_uri does not match the authorization request') };
      }
      const problem = verifierProblem(code, params.code_verifier);
      if (problem) return { refusal: problem };
      const minted = mintTokens(
        ctx,
        {
          applicationId,
          userId: code.userId,
          authorizationId: code.authorizationId,
          familyId: code.familyId,
          familyStartedAt: now,
          grantType: 'authorization_code',
          scopes: code.scopes,
          refreshScopes: code.scopes,
          guildId: tokenGuild(code),
          integrationId: code.integrationId,
          login: code.login,
          accessTokenFormat: client.application.accessTokenFormat,
        },
        drawn,
      );
      return { tokens: minted.records, readUser: code.scopes.includes('openid'), minted };
    });
    if (!exchange) {
      const confidential = isConfidential(client);
      const redeemer = { applicationId, authenticated: confidential, isPublic: !confidential, verifier: params.code_verifier };
      throw await ctx.store.transaction((tx) => refuseUnconsumed(tx, digest, redeemer, now));
    }
    if (exchange.outcome === 'expired') throw codeExpired();
    if (exchange.outcome === 'refused') throw exchange.refusal;
    const { code, issuance, user } = exchange;
    const { minted } = issuance;
    // A bot install's exchange names the guild, as Discord's does (even once the install is removed: then the token's
    // guild calls answer 403). Read after the commit, as the id token is signed after it.
    const guildId = tokenGuild(code);
    const guild = guildId === null ? null : await ctx.store.guilds.findById(guildId);
    const response = guild ? { ...minted.response, guild: guildJson(guild) } : minted.response;
    const idToken = user && { user, clientId: applicationId, scopes: code.scopes, login: code.login, nonce: code.nonce };
    return finishResponse(ctx, minted, response, idToken);
  },
};

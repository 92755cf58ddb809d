// The refresh_token grant (RFC 6749 section 6) with rotation on every use and reuse detection (OAuth 2.0 Security BCP 4.14).
import { digestToken } from '../../crypto/tokens.js';
import { OAuthError } from '../../errors/oauth-error.js';
import { covers, parseScopes } from '../scopes.js';
import { finishResponse } from '../../oidc/token-response.js';
import { familyEnd, mintTokens } from '../tokens.js';
import type { TokenGrant } from './types.js';

const REUSED = 'The refresh token was already used or revoked; every token of its grant is revoked';

export const refreshTokenGrant: TokenGrant = {
  grantType: 'refresh_token',
  parameters: ['refresh_token', 'scope'],

  async handle(ctx, client, params) {
    if (!params.refresh_token) throw new OAuthError('invalid_request', 'refresh_token is required');
    const requested = params.scope?.trim() ? parseScopes(params.scope) : null;
    const digest = digestToken(params.refresh_token);
    const now = ctx.clock.now();
    const found = await ctx.store.tokens.find(digest);
    const token = found?.token;
    // A token of another client is left alone: that client must not be able to revoke this one's grant.
    if (!token || token.kind !== 'refresh' || token.applicationId !== client.application.id) throw OAuthError.invalidGrant('Invalid refresh token');
    if (found.user.state === 'banned') throw OAuthError.invalidGrant('The account is banned');
    if (token.revokedAt !== null) {
      await ctx.store.tokens.revokeFamily(token.familyId, now);
      throw OAuthError.invalidGrant(REUSED);
    }
    if (token.expiresAt <= now) throw OAuthError.invalidGrant('The refresh token has expired');
    // Checked on its own too: a lowered GUILDGATE_REFRESH_TOKEN_MAX_LIFETIME applies to tokens issued before.
    if (familyEnd(ctx, token.familyStartedAt) <= now) throw OAuthError.invalidGrant('The grant has reached its maximum lifetime; authorize again');
    const scopes = requested ?? token.scopes;
    if (!covers(token.scopes, scopes)) throw new OAuthError('invalid_scope', 'A refresh may narrow the scope, never widen it');
    const minted = mintTokens(ctx, {
      applicationId: token.applicationId,
      userId: token.userId,
      authorizationId: token.authorizationId,
      familyId: token.familyId,
      familyStartedAt: token.familyStartedAt,
      grantType: token.grantType,
      scopes,
      refreshScopes: token.scopes,
      guildId: token.guildId,
      integrationId: token.integrationId,
      login: token.login,
      accessTokenFormat: client.application.accessTokenFormat,
    });
    // Only one concurrent caller wins the rotation; a loser presented a token that is rotated out by now.
    if (!(await ctx.store.tokens.rotateRefreshToken(digest, token.applicationId, now, minted.records))) {
      await ctx.store.tokens.revokeFamily(token.familyId, now);
      throw OAuthError.invalidGrant(REUSED);
    }
    // OpenID Connect Core 12.2: a new id token for the same user and client, with the original auth_time and no nonce.
    return finishResponse(ctx, minted, minted.response, { user: found!.user, clientId: token.applicationId, scopes, login: token.login, nonce: null });
  },
};

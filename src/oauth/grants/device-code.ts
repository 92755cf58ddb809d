// The device_code grant (RFC 8628 section 3.4-3.5): each poll is recorded by a conditional write (slow_down when it came
// before the interval), answers authorization_pending, access_denied or expired_token, and the one poll that consumes
// an approved code gets the tokens of the user who approved it.
import { randomUUID } from 'node:crypto';
import { digestToken } from '../../crypto/tokens.js';
import { OAuthError } from '../../errors/oauth-error.js';
import { finishResponse } from '../../oidc/token-response.js';
import type { DeviceCodeRecord } from '../../storage/types.js';
import { SLOW_DOWN_SECONDS } from '../device-flow.js';
import { drawTokens, mintTokens } from '../tokens.js';
import type { TokenGrant } from './types.js';

export const DEVICE_CODE_GRANT_TYPE = 'urn:ietf:params:oauth:grant-type:device_code';

/** What an unexpired code tells a poll that came on time, unless it is approved. */
function pollAnswer(code: DeviceCodeRecord): OAuthError | null {
  if (code.status === 'pending') return new OAuthError('authorization_pending', 'The user has not answered yet');
  if (code.status === 'denied') return new OAuthError('access_denied', 'The user denied the request');
  if (code.status === 'consumed') return OAuthError.invalidGrant('The device code was already used');
  return null;
}

export const deviceCodeGrant: TokenGrant = {
  grantType: DEVICE_CODE_GRANT_TYPE,
  parameters: ['device_code'],

  async handle(ctx, client, params) {
    if (!params.device_code) throw new OAuthError('invalid_request', 'device_code is required');
    const digest = digestToken(params.device_code);
    const applicationId = client.application.id;
    const now = ctx.clock.now();
    const poll = await ctx.store.deviceCodes.poll(digest, applicationId, now, SLOW_DOWN_SECONDS);
    if (!poll) throw OAuthError.invalidGrant('Invalid device code');
    if (poll.code.expiresAt <= now) throw new OAuthError('expired_token', 'The device code has expired; start again');
    if (poll.tooEarly) throw new OAuthError('slow_down', `Polling too fast; wait ${poll.code.pollInterval} seconds between requests`);
    const answer = pollAnswer(poll.code);
    if (answer) throw answer;
    const familyId = randomUUID();
    // Drawn ahead: the unit that stores the tokens does no more than build their records.
    const drawn = drawTokens(true);
    // Consumption and token insertion are one atomic unit: of concurrent polls, one conditional write lets one through.
    const exchange = await ctx.store.deviceCodes.exchange(digest, applicationId, now, (code) => {
      const minted = mintTokens(
        ctx,
        {
          applicationId,
          userId: code.userId!,
          authorizationId: code.authorizationId,
          familyId,
          familyStartedAt: now,
          grantType: DEVICE_CODE_GRANT_TYPE,
          scopes: code.scopes,
          refreshScopes: code.scopes,
          guildId: null,
          integrationId: null,
          login: code.login,
          accessTokenFormat: client.application.accessTokenFormat,
        },
        drawn,
      );
      return { tokens: minted.records, readUser: code.scopes.includes('openid'), minted };
    });
    if (!exchange) throw OAuthError.invalidGrant('The device code was already used');
    const { code, issuance, user } = exchange;
    const { minted } = issuance;
    const idToken = user && { user, clientId: applicationId, scopes: code.scopes, login: code.login, nonce: null };
    return finishResponse(ctx, minted, minted.response, idToken);
  },
};

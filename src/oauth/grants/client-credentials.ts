// The client_credentials grant (RFC 6749 section 4.4): a token for the application owner, for confidential clients only.
import { randomUUID } from 'node:crypto';
import { OAuthError } from '../../errors/oauth-error.js';
import { isConfidential } from '../client-auth.js';
import { CLIENT_CREDENTIALS_SCOPES, parseScopes, type Scope } from '../scopes.js';
import { finishResponse } from '../../oidc/token-response.js';
import { mintTokens, NO_LOGIN } from '../tokens.js';
import type { TokenGrant } from './types.js';

/** Scope granted when the request names none (RFC 6749 3.3 lets the server pick a default). */
const DEFAULT_SCOPES: Scope[] = ['identify'];

export const clientCredentialsGrant: TokenGrant = {
  grantType: 'client_credentials',
  parameters: ['scope'],

  async handle(ctx, client, params) {
    if (!isConfidential(client)) throw new OAuthError('unauthorized_client', 'client_credentials is for confidential clients only');
    const scopes = params.scope?.trim() ? parseScopes(params.scope) : DEFAULT_SCOPES;
    const refused = scopes.filter((scope) => !CLIENT_CREDENTIALS_SCOPES.includes(scope));
    if (refused.length > 0) throw new OAuthError('invalid_scope', `Not available with client_credentials: ${refused.join(' ')}`);
    const minted = mintTokens(ctx, {
      applicationId: client.application.id,
      userId: client.application.ownerId,
      authorizationId: null,
      familyId: randomUUID(),
      familyStartedAt: ctx.clock.now(),
      grantType: 'client_credentials',
      scopes,
      refreshScopes: null,
      guildId: null,
      integrationId: null,
      login: NO_LOGIN,
      accessTokenFormat: client.application.accessTokenFormat,
    });
    await ctx.store.tokens.create(minted.records);
    return finishResponse(ctx, minted, minted.response, null);
  },
};

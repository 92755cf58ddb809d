// The token endpoint (RFC 6749 sections 3.2 and 5): grant_type dispatch, client authentication, then the grant plugin.
import { OAuthError } from '../errors/oauth-error.js';
import { tokensIssued } from '../metrics/counters.js';
import { authenticateClient } from './client-auth.js';
import type { OAuthContext } from './context.js';
import { findGrant } from './grants/registry.js';
import type { TokenResponse } from './tokens.js';

/** A form-encoded OAuth request: the Authorization header and the body parameters (each present at most once). */
export interface OAuthRequestInput {
  authorization?: string;
  params: Record<string, string | undefined>;
}

export function clientCredentialsOf(input: OAuthRequestInput) {
  return { authorization: input.authorization, clientId: input.params.client_id, clientSecret: input.params.client_secret };
}

export async function exchangeToken(ctx: OAuthContext, input: OAuthRequestInput): Promise<TokenResponse> {
  const grantType = input.params.grant_type;
  if (!grantType) throw new OAuthError('invalid_request', 'grant_type is required');
  const grant = findGrant(grantType);
  if (!grant) throw new OAuthError('unsupported_grant_type', `Unsupported grant_type: ${grantType.slice(0, 64)}`);
  const client = await authenticateClient(clientCredentialsOf(input), ctx.store.applications);
  const params = Object.fromEntries(grant.parameters.map((name) => [name, input.params[name]]));
  const response = await grant.handle(ctx, client, params);
  tokensIssued.inc({ grant_type: grantType });
  return response;
}

// The token endpoint (RFC 6749 sections 3.2 and 5): grant_type dispatch, client authentication, then the grant plugin.
import { OAuthError } from '../errors/oauth-error.js';
import { tokensIssued } from '../metrics/counters.js';
import type { AuthenticatedClient, ClientCredentialsInput } from './client-auth.js';
import type { OAuthContext } from './context.js';
import { findGrant } from './grants/registry.js';
import type { TokenResponse } from './tokens.js';

/** A form-encoded OAuth request: the Authorization header and the body parameters (each present at most once). */
export interface OAuthRequestInput {
  authorization?: string;
  params: Record<string, string | undefined>;
  /** Authenticates the client of these credentials under the client-authentication limits (ClientGate, per request). */
  authenticate(credentials: ClientCredentialsInput): Promise<AuthenticatedClient>;
}

export function clientCredentialsOf(input: OAuthRequestInput): ClientCredentialsInput {
  return { authorization: input.authorization, clientId: input.params.client_id, clientSecret: input.params.client_secret };
}

/** The client the request's own credentials authenticate. */
export function authenticatedClientOf(input: OAuthRequestInput): Promise<AuthenticatedClient> {
  return input.authenticate(clientCredentialsOf(input));
}

export async function exchangeToken(ctx: OAuthContext, input: OAuthRequestInput): Promise<TokenResponse> {
  const grantType = input.params.grant_type;
  if (!grantType) throw new OAuthError('invalid_request', 'grant_type is required');
  const grant = findGrant(grantType);
  if (!grant) throw new OAuthError('unsupported_grant_type', `Unsupported grant_type: ${grantType.slice(0, 64)}`);
  const client = await authenticatedClientOf(input);
  const params = Object.fromEntries(grant.parameters.map((name) => [name, input.params[name]]));
  const response = await grant.handle(ctx, client, params);
  tokensIssued.inc({ grant_type: grantType });
  return response;
}

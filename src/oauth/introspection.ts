// Token introspection (RFC 7662): the calling client learns about its own active tokens and nothing about any other.
import { presentedTokenDigest } from '../oidc/jwt-access-token.js';
import { OAuthError } from '../errors/oauth-error.js';
import { countTokenCheck } from '../metrics/counters.js';
import { isConfidential } from './client-auth.js';
import type { OAuthContext } from './context.js';
import { authenticatedClientOf, type OAuthRequestInput } from './token-endpoint.js';
import { isActive } from './tokens.js';

export type IntrospectionResponse =
  { active: false } | { active: true; client_id: string; exp: number; iat: number; scope: string; sub: string; token_type: string; username: string };

const INACTIVE = { active: false } as const;

export async function introspect(ctx: OAuthContext, input: OAuthRequestInput): Promise<IntrospectionResponse> {
  const client = await authenticatedClientOf(input);
  // RFC 7662 2.1 requires authorization; a public client has no credentials to prove who asks.
  if (!isConfidential(client)) throw OAuthError.invalidClient('Introspection needs a confidential client');
  if (!input.params.token) throw new OAuthError('invalid_request', 'token is required');
  const digest = await presentedTokenDigest(ctx, input.params.token);
  const found = digest === null ? null : await ctx.store.tokens.find(digest);
  // A banned user's tokens are inactive, whether or not the ban revoked them.
  const active = !!found && found.token.applicationId === client.application.id && isActive(found.token, ctx.clock.now()) && found.user.state !== 'banned';
  countTokenCheck('introspection', active);
  if (!found || !active) return INACTIVE;
  const { token, user } = found;
  return {
    active: true,
    client_id: token.applicationId,
    exp: Math.floor(token.expiresAt / 1000),
    iat: Math.floor(token.createdAt / 1000),
    scope: token.scopes.join(' '),
    sub: user.id,
    token_type: token.kind === 'access' ? 'Bearer' : 'refresh_token',
    username: user.username,
  };
}

// Token introspection (RFC 7662): the calling client learns about its own active tokens and nothing about any other.
import { presentedTokenDigest } from '../oidc/jwt-access-token.js';
import { OAuthError } from '../errors/oauth-error.js';
import { countTokenCheck } from '../metrics/counters.js';
import { isConfidential } from './client-auth.js';
import type { OAuthContext } from './context.js';
import { isActive } from './tokens.js';
import { authenticatedClientOf, type OAuthRequestInput } from './token-endpoint.js';

export type IntrospectionResponse =
  { active: false } | { active: true; client_id: string; exp: number; iat: number; scope: string; sub: string; token_type: string; username: string };

const INACTIVE = { active: false } as const;

export async function introspect(ctx: OAuthContext, input: OAuthRequestInput): Promise<IntrospectionResponse> {
  const client = await authenticatedClientOf(input);
  // RFC 7662 2.1 requires authorization; a public client has no credentials to prove who asks.
  if (!isConfidential(client)) throw OAuthError.invalidClient('Introspection needs a confidential client');
  if (!input.params.token) throw new OAuthError('invalid_request', 'token is required');
  const digest = await presentedTokenDigest(ctx, input.params.token);
  const found = digest === null ? null : await ctx.store.tokens.introspect(digest);
  // A banned user's tokens are inactive, whether or not the ban revoked them.
  const active = found !== null && found.applicationId === client.application.id && isActive(found, ctx.clock.now()) && found.userState !== 'banned';
  countTokenCheck('introspection', active);
  if (!active) return INACTIVE;
  return {
    active: true,
    client_id: found.applicationId,
    exp: Math.floor(found.expiresAt / 1000),
    iat: Math.floor(found.createdAt / 1000),
    scope: found.scope,
    sub: found.userId,
    token_type: found.kind === 'access' ? 'Bearer' : 'refresh_token',
    username: found.username,
  };
}

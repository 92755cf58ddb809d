// Token revocation (RFC 7009): a client revokes its own tokens; a refresh token takes its whole grant family with it.
import { presentedTokenDigest } from '../oidc/jwt-access-token.js';
import { OAuthError } from '../errors/oauth-error.js';
import type { OAuthContext } from './context.js';
import { authenticatedClientOf, type OAuthRequestInput } from './token-endpoint.js';

/**
 * Revokes the token if it belongs to the calling client. Unknown tokens, other clients' tokens and any
 * `token_type_hint` change nothing in the answer (RFC 7009 2.2: 200 either way); the digest lookup finds both kinds.
 */
export async function revoke(ctx: OAuthContext, input: OAuthRequestInput): Promise<void> {
  const client = await authenticatedClientOf(input);
  if (!input.params.token) throw new OAuthError('invalid_request', 'token is required');
  const digest = await presentedTokenDigest(ctx, input.params.token);
  const found = digest === null ? null : await ctx.store.tokens.find(digest);
  if (!found || found.token.applicationId !== client.application.id) return;
  const now = ctx.clock.now();
  if (found.token.kind === 'refresh') await ctx.store.tokens.revokeFamily(found.token.familyId, now);
  else await ctx.store.tokens.revoke(found.token.digest, now);
}

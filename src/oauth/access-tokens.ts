// Bearer access tokens on API calls (RFC 6750 section 2.1): one digest lookup, active access tokens only; JWT access
// tokens (RFC 9068) are found by their jti once their signature checks out.
import { presentedTokenDigest } from '../oidc/jwt-access-token.js';
import { countTokenCheck } from '../metrics/counters.js';
import type { FoundToken } from '../storage/types.js';
import type { OAuthContext } from './context.js';
import { isActive } from './tokens.js';

export async function authenticateAccessToken(ctx: OAuthContext, token: string): Promise<FoundToken | null> {
  const digest = await presentedTokenDigest(ctx, token);
  if (digest === null) return null;
  const found = await ctx.store.tokens.find(digest);
  // A banned user's tokens are revoked with the ban; their state is checked too, so nothing issued in between works.
  const active = found && found.token.kind === 'access' && isActive(found.token, ctx.clock.now()) && found.user.state !== 'banned' ? found : null;
  countTokenCheck('bearer', active !== null);
  return active;
}

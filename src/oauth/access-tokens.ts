// Bearer access tokens on API calls (RFC 6750 section 2.1): one digest lookup, active access tokens only.
import { digestToken } from '../crypto/tokens.js';
import { countTokenCheck } from '../metrics/counters.js';
import type { FoundToken } from '../storage/types.js';
import type { OAuthContext } from './context.js';
import { isActive } from './tokens.js';

export async function authenticateAccessToken(ctx: OAuthContext, token: string): Promise<FoundToken | null> {
  const found = await ctx.store.tokens.find(digestToken(token));
  // A banned user's tokens are revoked with the ban; their state is checked too, so nothing issued in between works.
  const active = found && found.token.kind === 'access' && isActive(found.token, ctx.clock.now()) && found.user.state !== 'banned' ? found : null;
  countTokenCheck('bearer', active !== null);
  return active;
}

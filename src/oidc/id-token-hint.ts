// id_token_hint (OpenID Connect Core 3.1.2.1, RP-Initiated Logout 1.0 section 2): an id token this server issued to the
// client, checked against the published keys; expiry does not matter, signature, issuer and audience do.
import { compactVerify, createLocalJWKSet } from 'jose';
import { OAuthError } from '../errors/oauth-error.js';
import type { OAuthContext } from '../oauth/context.js';

/** The hint's subject (a user id), or invalid_request when it is not an id token of this issuer for `clientId`. */
export async function idTokenHintSubject(ctx: OAuthContext, hint: string, clientId: string | null): Promise<string> {
  const invalid = new OAuthError('invalid_request', 'id_token_hint is not an id token this server issued to the client');
  let payload: Record<string, unknown>;
  try {
    const verified = await compactVerify(hint, createLocalJWKSet(await ctx.keys.jwks()));
    payload = JSON.parse(new TextDecoder().decode(verified.payload)) as Record<string, unknown>;
  } catch {
    throw invalid;
  }
  const audience = ([] as unknown[]).concat(payload.aud);
  if (payload.iss !== ctx.issuer || typeof payload.sub !== 'string' || (clientId !== null && !audience.includes(clientId))) throw invalid;
  return payload.sub;
}

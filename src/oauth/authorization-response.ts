// Authorization responses (RFC 6749 sections 4.1.2 and 4.1.2.1, RFC 9207): code or error, state as given, and iss.
import type { OAuthError } from '../errors/oauth-error.js';
import type { AuthorizationTarget } from './authorization-request.js';

type Outcome = { code: string } | { error: OAuthError };

/**
 * The redirect URI with the response appended to its query. The registered URI is kept byte for byte (only a
 * fragment is dropped, which RFC 6749 3.1.2 forbids anyway); `state` round-trips exactly through form encoding.
 */
export function authorizationResponseUrl(target: Pick<AuthorizationTarget, 'redirectUri' | 'state'>, issuer: string, outcome: Outcome): string {
  const params = new URLSearchParams();
  if ('code' in outcome) params.set('code', outcome.code);
  else {
    params.set('error', outcome.error.error);
    params.set('error_description', outcome.error.description);
  }
  if (target.state !== undefined) params.set('state', target.state);
  params.set('iss', issuer);
  const base = target.redirectUri.split('#')[0]!;
  const separator = base.includes('?') ? (/[?&]$/.test(base) ? '' : '&') : '?';
  return `${base}${separator}${params.toString()}`;
}

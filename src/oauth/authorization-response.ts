// Authorization responses (RFC 6749 sections 4.1.2 and 4.1.2.1, RFC 9207): code or error, state as given, and iss;
// a bot install adds guild_id and permissions, and one without a redirect URI ends on guildgate's confirmation page.
import type { OAuthError } from '../errors/oauth-error.js';

/** Where the confirmation page of a bot install without a redirect URI lives, under the issuer. */
export const CONFIRMATION_PATH = '/oauth2/authorized';

export interface InstalledGuild {
  guildId: string;
  permissions: bigint;
}

type Outcome = { code: string; install: InstalledGuild | null } | { error: OAuthError };

/**
 * The redirect URI with the response appended to its query. The registered URI is kept byte for byte (only a
 * fragment is dropped, which RFC 6749 3.1.2 forbids anyway); `state` round-trips exactly through form encoding.
 */
export function authorizationResponseUrl(target: { redirectUri: string; state: string | undefined }, issuer: string, outcome: Outcome): string {
  const params = new URLSearchParams();
  if ('code' in outcome) params.set('code', outcome.code);
  else {
    params.set('error', outcome.error.error);
    params.set('error_description', outcome.error.description);
  }
  if (target.state !== undefined) params.set('state', target.state);
  if ('code' in outcome && outcome.install) {
    params.set('guild_id', outcome.install.guildId);
    params.set('permissions', outcome.install.permissions.toString());
  }
  params.set('iss', issuer);
  const base = target.redirectUri.split('#')[0]!;
  const separator = base.includes('?') ? (/[?&]$/.test(base) ? '' : '&') : '?';
  return `${base}${separator}${params.toString()}`;
}

/** The confirmation page of a bot install without a redirect URI: the guild it went to, or why it did not happen. */
export function confirmationUrl(issuer: string, applicationId: string, outcome: { guildId: string } | { error: OAuthError }): string {
  const params = new URLSearchParams();
  if ('guildId' in outcome) params.set('guild_id', outcome.guildId);
  params.set('application_id', applicationId);
  if ('error' in outcome) params.set('error', outcome.error.error);
  return `${issuer}${CONFIRMATION_PATH}?${params.toString()}`;
}

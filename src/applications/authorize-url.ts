// The OAuth2 URL generator of the developer portal: the authorize URL (RFC 6749 4.1.1) for chosen scopes, redirect URI and bot permissions.
import { ALL_PERMISSIONS } from '../guilds/permissions.js';
import type { Scope } from '../oauth/scopes.js';
import type { ApplicationRecord } from '../storage/types.js';

export interface AuthorizeUrlChoice {
  scopes: Scope[];
  /** A registered redirect URI, or null to leave it out. */
  redirectUri: string | null;
  /** The bot's permission bitfield; sent only with the `bot` scope. */
  permissions: bigint;
}

/**
 * The authorize URL, or why none can be made from the choice. Without a redirect URI, a bot-only URL (and no code grant
 * required) installs the bot and shows guildgate's confirmation page; any other URL needs one, unless exactly one is registered.
 */
export function authorizeUrlFor(issuer: string, application: ApplicationRecord, choice: AuthorizeUrlChoice): { url: string } | { problem: string } {
  if (choice.scopes.length === 0) return { problem: 'Choose at least one scope.' };
  if (choice.redirectUri !== null && !application.redirectUris.includes(choice.redirectUri)) return { problem: 'Choose one of the registered redirect URIs.' };
  const botOnly = choice.scopes.length === 1 && choice.scopes[0] === 'bot';
  const withoutRedirect = botOnly && choice.redirectUri === null && !application.botRequireCodeGrant;
  if (!withoutRedirect && choice.redirectUri === null) {
    if (application.redirectUris.length === 0) return { problem: 'Add a redirect URI on this page first: the authorization answer is sent there.' };
    if (application.redirectUris.length > 1) return { problem: 'Choose a redirect URI.' };
  }
  const params = new URLSearchParams({ client_id: application.id });
  if (!withoutRedirect) params.set('response_type', 'code');
  if (choice.redirectUri !== null) params.set('redirect_uri', choice.redirectUri);
  params.set('scope', choice.scopes.join(' '));
  if (choice.scopes.includes('bot')) params.set('permissions', (choice.permissions & ALL_PERMISSIONS).toString());
  // %20 rather than +: both mean a space in a query, and %20 reads the same in every client.
  return { url: `${issuer}/oauth2/authorize?${params.toString().replace(/\+/g, '%20')}` };
}

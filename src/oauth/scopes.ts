// OAuth2 scopes (RFC 6749 section 3.3): the supported set, their plain-words descriptions, parsing and subset checks.
import { OAuthError } from '../errors/oauth-error.js';

/** Every scope this server accepts, with what granting it lets an application do, in plain words. */
export const SCOPE_DESCRIPTIONS = {
  identify: 'Know your username, avatar and banner',
  email: 'Know your email address',
  guilds: 'Know which servers you are in',
  'guilds.join': 'Join servers for you',
  'guilds.members.read': 'Read your member info (nickname, roles) in your servers',
  connections: 'Know your connected accounts',
  // Bot installs into a guild are issue #5: the scope is accepted here and the install happens at consent.
  bot: 'Add a bot to a server',
  'applications.commands': 'Use commands in a server',
  openid: 'Sign you in with your guildgate account (OpenID Connect)',
  profile: 'Know your username, display name and avatar (OpenID Connect profile)',
} as const;

export type Scope = keyof typeof SCOPE_DESCRIPTIONS;

export const SUPPORTED_SCOPES = Object.keys(SCOPE_DESCRIPTIONS) as Scope[];

/** The scopes a client_credentials token (acting as the application owner) may carry. */
export const CLIENT_CREDENTIALS_SCOPES: readonly Scope[] = ['identify', 'email', 'guilds', 'applications.commands'];

/** RFC 6749 3.3 scope-token: printable ASCII except space, double quote and backslash. */
const SCOPE_LIST = /^[\x21\x23-\x5B\x5D-\x7E]+( [\x21\x23-\x5B\x5D-\x7E]+)*$/;

export function isScope(value: string): value is Scope {
  return Object.hasOwn(SCOPE_DESCRIPTIONS, value);
}

/** Parses a space-separated scope list into distinct known scopes; `invalid_scope` on unknown or malformed ones. */
export function parseScopes(raw: string | undefined): Scope[] {
  const value = (raw ?? '').trim();
  if (value === '') return [];
  if (!SCOPE_LIST.test(value.replace(/ +/g, ' '))) throw new OAuthError('invalid_scope', 'The scope parameter is malformed');
  const scopes = [...new Set(value.split(/ +/))];
  const unknown = scopes.filter((scope) => !isScope(scope));
  if (unknown.length > 0) throw new OAuthError('invalid_scope', `Unknown scope: ${unknown.join(' ').slice(0, 100)}`);
  return scopes as Scope[];
}

/** True when every scope in `requested` is in `granted`. */
export function covers(granted: readonly string[], requested: readonly string[]): boolean {
  return requested.every((scope) => granted.includes(scope));
}

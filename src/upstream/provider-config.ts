// Upstream login providers from GUILDGATE_UPSTREAM_<NAME>_* variables (a DISCORD preset fills Discord's URLs), checked at start.
import { redirectUriProblem } from '../applications/redirect-uris.js';
import { ConfigError, httpUrl, integer, read, type Env } from '../config-values.js';

export type UpstreamTokenAuthMethod = 'client_secret_post' | 'client_secret_basic';

export interface UpstreamProvider {
  /** The lower-cased <NAME>: the `provider` of API logins and the path segment of the web login. */
  name: string;
  /** How the login page names it: "Log in with <label>". */
  label: string;
  clientId: string;
  clientSecret: string;
  authorizeUrl: string;
  tokenUrl: string;
  /** Base of `/users/@me` and `/users/@me/guilds`, without a trailing slash. */
  apiUrl: string;
  /** The redirect URIs a login may use (exact match); guildgate's own callback among them enables the web login. */
  redirectUris: string[];
  /** Those of them whose API logins are app logins (a 14-day `app_login` session): the server decides, not the client. */
  appLoginRedirectUris: string[];
  /** Requested by the web login; `guilds` among the granted scopes turns the guild import on. */
  scopes: string[];
  tokenAuthMethod: UpstreamTokenAuthMethod;
}

export interface UpstreamSettings {
  providers: UpstreamProvider[];
  /** Milliseconds each upstream request may take. */
  timeoutMs: number;
}

/** Discord's real endpoints (https://discord.com/developers/docs/topics/oauth2): GUILDGATE_UPSTREAM_DISCORD_* needs only id, secret and redirect URIs. */
export const DISCORD_PRESET = {
  authorizeUrl: 'https://discord.com/oauth2/authorize',
  tokenUrl: 'https://discord.com/api/oauth2/token',
  apiUrl: 'https://discord.com/api/v10',
} as const;

const PREFIX = 'UPSTREAM_';
const SETTINGS = [
  'CLIENT_ID',
  'CLIENT_SECRET',
  'AUTHORIZE_URL',
  'TOKEN_URL',
  'API_URL',
  'REDIRECT_URIS',
  'APP_LOGIN_REDIRECT_URIS',
  'SCOPES',
  'TOKEN_AUTH_METHOD',
] as const;
const VARIABLE = new RegExp(`^GUILDGATE_${PREFIX}([A-Z][A-Z0-9]*)_(${SETTINGS.join('|')})$`);
const TIMEOUT = `${PREFIX}TIMEOUT`;
/** Settings under the UPSTREAM_ prefix that are not provider variables. */
const GENERAL = new Set([TIMEOUT, `${PREFIX}LOGIN_ADDRESS_LIMIT`, `${PREFIX}LOGIN_LIMIT`].map((name) => `GUILDGATE_${name}`));
const DEFAULT_SCOPES = ['identify', 'guilds'];
const TOKEN_AUTH_METHODS: readonly UpstreamTokenAuthMethod[] = ['client_secret_post', 'client_secret_basic'];
/** Printable ASCII without spaces: client ids and secrets as providers issue them. */
const CREDENTIAL = /^[\x21-\x7e]{1,512}$/;
/** RFC 6749 3.3 scope-token. */
const SCOPE_TOKEN = /^[\x21\x23-\x5b\x5d-\x7e]+$/;

/** The names of the configured providers: every NAME with at least one non-empty variable; an unknown UPSTREAM_* variable is an error. */
function providerNames(env: Env): string[] {
  const names = new Set<string>();
  for (const [key, value] of Object.entries(env)) {
    if (!key.startsWith(`GUILDGATE_${PREFIX}`) || GENERAL.has(key) || value === undefined || value === '') continue;
    const match = VARIABLE.exec(key);
    if (!match) {
      throw new ConfigError(
        key.slice('GUILDGATE_'.length),
        `a known variable: GUILDGATE_UPSTREAM_<NAME>_{${SETTINGS.join(', ')}} (NAME: letters and digits), GUILDGATE_UPSTREAM_TIMEOUT, GUILDGATE_UPSTREAM_LOGIN_ADDRESS_LIMIT or GUILDGATE_UPSTREAM_LOGIN_LIMIT`,
      );
    }
    names.add(match[1]!);
  }
  return [...names].sort();
}

function credential(env: Env, variable: string): string {
  const raw = read(env, variable);
  if (raw === undefined) throw new ConfigError(variable, 'a value: the provider issues it with the application');
  if (!CREDENTIAL.test(raw)) throw new ConfigError(variable, 'printable ASCII without spaces, at most 512 characters');
  return raw;
}

function endpoint(env: Env, variable: string, preset: string | undefined): string {
  const raw = read(env, variable);
  if (raw !== undefined) return httpUrl(variable, raw);
  if (preset === undefined) throw new ConfigError(variable, 'an http(s) URL: only the DISCORD provider has preset URLs');
  return preset;
}

/** The same rules as an application's redirect URIs (RFC 9700 2.1: https, http on loopback, or a private-use scheme). */
function redirectUris(env: Env, variable: string): string[] {
  const raw = read(env, variable);
  if (raw === undefined) throw new ConfigError(variable, 'a comma-separated list of the redirect URIs a login may use');
  const uris = raw.split(',').map((uri) => uri.trim());
  for (const uri of uris) {
    const problem = redirectUriProblem(uri);
    if (problem) throw new ConfigError(variable, `comma-separated redirect URIs; "${uri}" ${problem}`);
  }
  return [...new Set(uris)];
}

/** Optional: a comma-separated subset of the provider's redirect URIs. */
function appLoginRedirectUris(env: Env, variable: string, allowed: string[]): string[] {
  const raw = read(env, variable);
  if (raw === undefined) return [];
  const uris = [...new Set(raw.split(',').map((uri) => uri.trim()))];
  const unknown = uris.find((uri) => !allowed.includes(uri));
  if (unknown !== undefined) throw new ConfigError(variable, `comma-separated redirect URIs of the provider's REDIRECT_URIS; "${unknown}" is not one`);
  return uris;
}

function scopes(env: Env, variable: string): string[] {
  const raw = read(env, variable);
  if (raw === undefined) return DEFAULT_SCOPES;
  const list = [...new Set(raw.trim().split(/ +/))];
  if (!list.every((scope) => SCOPE_TOKEN.test(scope)) || !list.includes('identify')) {
    throw new ConfigError(variable, `space-separated scopes including identify, got "${raw}"`);
  }
  return list;
}

function tokenAuthMethod(env: Env, variable: string): UpstreamTokenAuthMethod {
  const raw = read(env, variable) ?? 'client_secret_post';
  if (!(TOKEN_AUTH_METHODS as readonly string[]).includes(raw)) throw new ConfigError(variable, `one of ${TOKEN_AUTH_METHODS.join(', ')}, got "${raw}"`);
  return raw as UpstreamTokenAuthMethod;
}

function provider(env: Env, name: string): UpstreamProvider {
  const variable = (setting: (typeof SETTINGS)[number]) => `${PREFIX}${name}_${setting}`;
  const preset = name === 'DISCORD' ? DISCORD_PRESET : undefined;
  const allowed = redirectUris(env, variable('REDIRECT_URIS'));
  return {
    name: name.toLowerCase(),
    label: name.charAt(0) + name.slice(1).toLowerCase(),
    clientId: credential(env, variable('CLIENT_ID')),
    clientSecret: credential(env, variable('CLIENT_SECRET')),
    authorizeUrl: endpoint(env, variable('AUTHORIZE_URL'), preset?.authorizeUrl),
    tokenUrl: endpoint(env, variable('TOKEN_URL'), preset?.tokenUrl),
    apiUrl: endpoint(env, variable('API_URL'), preset?.apiUrl),
    redirectUris: allowed,
    appLoginRedirectUris: appLoginRedirectUris(env, variable('APP_LOGIN_REDIRECT_URIS'), allowed),
    scopes: scopes(env, variable('SCOPES')),
    tokenAuthMethod: tokenAuthMethod(env, variable('TOKEN_AUTH_METHOD')),
  };
}

export function loadUpstreamSettings(env: Env): UpstreamSettings {
  return {
    providers: providerNames(env).map((name) => provider(env, name)),
    timeoutMs: integer(env, TIMEOUT, 5000, 100, 60_000),
  };
}

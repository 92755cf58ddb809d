// Authorization request validation (RFC 6749 sections 3.1, 3.1.2.3, 4.1.1 and 4.1.2.1; RFC 7636 section 4.3; S256 only), bot installs included.
import { OAuthError } from '../errors/oauth-error.js';
import type { ApplicationRecord, ApplicationStore } from '../storage/types.js';
import { InstallParameterError, isBotOnlyScope, parseInstallParameters, type BotInstallRequest } from './bot-install.js';
import { isValidS256Challenge } from './pkce.js';
import { isStandardClaim } from '../oidc/user-claims.js';
import { parseScopes, type Scope } from './scopes.js';

/** Raw request parameters as parsed from a query string or body; an array means the parameter was repeated. */
export type RawParams = Record<string, string | string[] | undefined>;

/** Where the response goes: known only once the client and its redirect URI check out. */
export interface AuthorizationTarget {
  application: ApplicationRecord;
  /**
   * Null for a bot-only install that asked for no redirect_uri (and whose application does not require the code
   * grant): no code is issued, and the user ends on guildgate's confirmation page.
   */
  redirectUri: string | null;
  /** The redirect_uri as the request gave it, or null when omitted (then exactly one is registered). */
  requestedRedirectUri: string | null;
  state: string | undefined;
}

/** OpenID Connect Core 3.1.2.1 prompt values this server acts on. */
export type Prompt = 'none' | 'login' | 'consent';

const PROMPTS: readonly Prompt[] = ['none', 'login', 'consent'];

export interface AuthorizationRequest extends AuthorizationTarget {
  scopes: Scope[];
  codeChallenge: string | null;
  nonce: string | null;
  /** The prompt values, none alone or any of login and consent. */
  prompts: Prompt[];
  /** max_age in seconds: the sign-in must be at most this old, else the user signs in again. */
  maxAge: number | null;
  /** A username or email to fill in on the sign-in page. */
  loginHint: string | null;
  /** The raw id_token_hint; the consent service checks it against the published keys. */
  idTokenHint: string | null;
  /** Standard claims the `claims` parameter asks for in the id token (OpenID Connect Core 5.5). */
  idTokenClaims: string[];
  /** Present when the scope includes `bot`: the install into a guild that approval performs. */
  install: BotInstallRequest | null;
  /** Seed 000: a guild_id beside scopes without `bot`, which the code is tied to when the user manages that guild. */
  correlatedGuildId: string | null;
}

/** The client or redirect URI is invalid: the user is told, and nothing is sent to any redirect URI (RFC 6749 4.1.2.1). */
export class InvalidTargetError extends Error {
  constructor(
    readonly field: 'client_id' | 'redirect_uri',
    message: string,
  ) {
    super(message);
    this.name = 'InvalidTargetError';
  }
}

/** Client ids are Snowflakes; anything else is unknown without asking the database. */
const CLIENT_ID = /^[0-9]{1,20}$/;
/** A nonce is stored with the code: 1 to 255 characters, no control characters. */
const NONCE = /^[^\x00-\x1f\x7f]{1,255}$/;

const single = (value: string | string[] | undefined): string | undefined => (Array.isArray(value) ? undefined : value);

export async function resolveTarget(applications: ApplicationStore, params: RawParams): Promise<AuthorizationTarget> {
  const clientId = single(params.client_id);
  if (Array.isArray(params.client_id)) throw new InvalidTargetError('client_id', 'client_id must be given once');
  if (!clientId) throw new InvalidTargetError('client_id', 'client_id is required');
  const application = CLIENT_ID.test(clientId) ? await applications.findById(clientId) : null;
  if (!application) throw new InvalidTargetError('client_id', 'Unknown client_id');
  if (Array.isArray(params.redirect_uri)) throw new InvalidTargetError('redirect_uri', 'redirect_uri must be given once');
  const requested = params.redirect_uri ?? null;
  let redirectUri: string | null;
  if (requested === null && !application.botRequireCodeGrant && isBotOnlyScope(single(params.scope))) {
    redirectUri = null;
  } else if (requested === null) {
    if (application.redirectUris.length !== 1) throw new InvalidTargetError('redirect_uri', 'redirect_uri is required');
    redirectUri = application.redirectUris[0]!;
  } else {
    // Exact string comparison: no prefix, case or normalization games (Security BCP 4.1.3).
    if (!application.redirectUris.includes(requested)) throw new InvalidTargetError('redirect_uri', 'redirect_uri is not registered for this application');
    redirectUri = requested;
  }
  return { application, redirectUri, requestedRedirectUri: requested, state: single(params.state) };
}

function pkceChallenge(target: AuthorizationTarget, challenge: string | undefined, method: string | undefined): string | null {
  if (method !== undefined && method !== 'S256') throw new OAuthError('invalid_request', 'code_challenge_method must be S256');
  if (challenge === undefined) {
    if (method !== undefined) throw new OAuthError('invalid_request', 'code_challenge_method given without code_challenge');
    // Without a redirect URI no code is issued, so there is nothing for PKCE to protect.
    if (target.application.tokenEndpointAuthMethod === 'none' && target.redirectUri !== null)
      throw new OAuthError('invalid_request', 'PKCE (S256) is required for public clients');
    return null;
  }
  // RFC 7636 4.3 defaults a missing method to plain, which this server refuses.
  if (method === undefined) throw new OAuthError('invalid_request', 'code_challenge_method must be S256');
  if (!isValidS256Challenge(challenge)) throw new OAuthError('invalid_request', 'code_challenge must be 43 base64url characters');
  return challenge;
}

const CLAIMS_MAX = 2048;
const HINT_MAX = 255;
const ID_TOKEN_HINT_MAX = 8192;
const LOCALES_MAX = 255;

/** Space-separated prompt values; `none` stands alone (OpenID Connect Core 3.1.2.1). */
function parsePrompts(raw: string | undefined): Prompt[] {
  if (raw === undefined) return [];
  if (raw.length > 64) throw new OAuthError('invalid_request', 'prompt is too long');
  const values = [...new Set(raw.split(' ').filter((item) => item !== ''))];
  const unknown = values.find((item) => !(PROMPTS as readonly string[]).includes(item));
  if (unknown !== undefined) throw new OAuthError('invalid_request', 'prompt must be none, login or consent');
  if (values.includes('none') && values.length > 1) throw new OAuthError('invalid_request', 'prompt=none cannot be combined with other values');
  return values as Prompt[];
}

function parseMaxAge(raw: string | undefined): number | null {
  if (raw === undefined) return null;
  if (!/^[0-9]{1,9}$/.test(raw)) throw new OAuthError('invalid_request', 'max_age must be a whole number of seconds');
  return Number(raw);
}

/** A free-text parameter under a length cap, without control characters. */
function boundedText(raw: string | undefined, name: string, max: number): string | null {
  if (raw === undefined) return null;
  if (raw.length > max || /[\x00-\x1f\x7f]/.test(raw))
    throw new OAuthError('invalid_request', `${name} must be at most ${max} characters without control characters`);
  return raw;
}

/** The `claims` parameter's id_token member (OpenID Connect Core 5.5): the standard claims it names; others are ignored. */
function requestedIdTokenClaims(raw: string | undefined): string[] {
  if (raw === undefined) return [];
  if (raw.length > CLAIMS_MAX) throw new OAuthError('invalid_request', `claims must be at most ${CLAIMS_MAX} characters`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new OAuthError('invalid_request', 'claims must be a JSON object');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new OAuthError('invalid_request', 'claims must be a JSON object');
  const idToken = (parsed as Record<string, unknown>).id_token;
  if (idToken === undefined || idToken === null) return [];
  if (typeof idToken !== 'object' || Array.isArray(idToken)) throw new OAuthError('invalid_request', 'claims.id_token must be a JSON object');
  return Object.keys(idToken).filter(isStandardClaim);
}

/** Checks everything past the target; errors are OAuthErrors the caller sends to the redirect URI. */
export function validateRequest(target: AuthorizationTarget, params: RawParams): AuthorizationRequest {
  const repeated = Object.entries(params)
    .filter(([, value]) => Array.isArray(value))
    .map(([name]) => name);
  if (repeated.length > 0) throw new OAuthError('invalid_request', `Repeated parameter: ${repeated.join(', ').slice(0, 100)}`);
  const value = (name: string) => params[name] as string | undefined;
  // ui_locales is accepted and not acted on (the pages speak English); it is still bounded.
  boundedText(value('ui_locales'), 'ui_locales', LOCALES_MAX);
  const responseType = value('response_type');
  // Without response_type the request is for a code: Discord's bot invites (`?client_id=..&scope=bot&permissions=..`)
  // and seed 000's authorize URL name none, and code is the only response type served.
  if (responseType !== undefined && responseType !== 'code') throw new OAuthError('unsupported_response_type', 'Only response_type=code is supported');
  const scopes = parseScopes(value('scope'));
  if (scopes.length === 0) throw new OAuthError('invalid_scope', 'scope is required');
  const prompts = parsePrompts(value('prompt'));
  const nonce = value('nonce');
  if (nonce !== undefined && !NONCE.test(nonce)) throw new OAuthError('invalid_request', 'nonce must be 1 to 255 characters without control characters');
  let install: BotInstallRequest;
  try {
    install = parseInstallParameters({ guild_id: value('guild_id'), permissions: value('permissions'), disable_guild_select: value('disable_guild_select') });
  } catch (error) {
    if (error instanceof InstallParameterError) throw new OAuthError('invalid_request', error.message);
    throw error;
  }
  const installs = scopes.includes('bot');
  if (installs && prompts.includes('none')) throw new OAuthError('consent_required', 'Adding a bot to a guild always needs the user to consent');
  return {
    ...target,
    scopes,
    codeChallenge: pkceChallenge(target, value('code_challenge'), value('code_challenge_method')),
    nonce: nonce ?? null,
    prompts,
    maxAge: parseMaxAge(value('max_age')),
    loginHint: boundedText(value('login_hint'), 'login_hint', HINT_MAX),
    idTokenHint: boundedText(value('id_token_hint'), 'id_token_hint', ID_TOKEN_HINT_MAX),
    idTokenClaims: requestedIdTokenClaims(value('claims')),
    install: installs ? install : null,
    correlatedGuildId: installs ? null : install.guildId,
  };
}

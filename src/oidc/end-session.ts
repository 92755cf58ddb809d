// RP-Initiated Logout 1.0 (section 2 and 3): the end session request checked (id_token_hint against the published keys,
// post_logout_redirect_uri registered for the client, exactly), and where the user agent goes once signed out.
import { OAuthError } from '../errors/oauth-error.js';
import type { RawParams } from '../oauth/authorization-request.js';
import type { OAuthContext } from '../oauth/context.js';
import { idTokenHintSubject } from './id-token-hint.js';

/** The end_session_endpoint, under the issuer (a page: it ends the browser's session). */
export const END_SESSION_PATH = '/oauth2/logout';

/** An end session request that cannot be honoured: told to the user, never redirected. */
export class EndSessionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EndSessionError';
  }
}

export interface EndSessionRequest {
  /** The user the hint names, or null without a hint. */
  hintSubject: string | null;
  /** Where to go once signed out (with `state`), or null for guildgate's signed-out page. */
  postLogoutRedirectUri: string | null;
  state: string | null;
  /** The validated parameters, for the confirmation form to carry back. */
  fields: Record<string, string>;
}

const LIMITS: Record<string, number> = { id_token_hint: 8192, client_id: 20, post_logout_redirect_uri: 2048, state: 2048, ui_locales: 255, logout_hint: 255 };
const CLIENT_ID = /^[0-9]{1,20}$/;

function single(params: RawParams, name: string): string | null {
  const value = params[name];
  if (Array.isArray(value)) throw new EndSessionError(`${name} must be given once`);
  if (value === undefined) return null;
  if (value.length > LIMITS[name]! || /[\x00-\x1f\x7f]/.test(value))
    throw new EndSessionError(`${name} must be at most ${LIMITS[name]} characters without control characters`);
  return value;
}

/** The audience of a hint that names exactly one client, read without trusting it (the signature is checked after). */
function hintAudience(hint: string): string | null {
  try {
    const payload = JSON.parse(Buffer.from(hint.split('.')[1] ?? '', 'base64url').toString()) as { aud?: unknown };
    return typeof payload.aud === 'string' ? payload.aud : null;
  } catch {
    return null;
  }
}

export async function parseEndSession(ctx: OAuthContext, params: RawParams): Promise<EndSessionRequest> {
  const [hint, clientIdParam, uri, state] = ['id_token_hint', 'client_id', 'post_logout_redirect_uri', 'state'].map((name) => single(params, name));
  single(params, 'ui_locales');
  single(params, 'logout_hint');
  const clientId = clientIdParam ?? (hint === null ? null : hintAudience(hint));
  let hintSubject: string | null = null;
  if (hint !== null) {
    try {
      hintSubject = await idTokenHintSubject(ctx, hint, clientId);
    } catch (error) {
      if (error instanceof OAuthError) throw new EndSessionError(error.description);
      throw error;
    }
  }
  if (uri !== null) {
    if (clientId === null) throw new EndSessionError('post_logout_redirect_uri needs client_id or id_token_hint to name the application');
    const application = CLIENT_ID.test(clientId) ? await ctx.store.applications.findById(clientId) : null;
    if (!application) throw new EndSessionError('Unknown client_id');
    if (!application.postLogoutRedirectUris.includes(uri)) throw new EndSessionError('post_logout_redirect_uri is not registered for this application');
  }
  const fields: Record<string, string> = {};
  for (const [name, value] of [
    ['id_token_hint', hint],
    ['client_id', clientIdParam],
    ['post_logout_redirect_uri', uri],
    ['state', state],
  ] as const) {
    if (value !== null) fields[name] = value;
  }
  return { hintSubject, postLogoutRedirectUri: uri, state, fields };
}

/** The registered URI with `state` appended to its query, or null when the request named none. */
export function postLogoutLocation(request: EndSessionRequest): string | null {
  if (request.postLogoutRedirectUri === null) return null;
  if (request.state === null) return request.postLogoutRedirectUri;
  const url = new URL(request.postLogoutRedirectUri);
  url.searchParams.append('state', request.state);
  return url.toString();
}

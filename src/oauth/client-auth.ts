// Client authentication at the token, revocation and introspection endpoints (RFC 6749 sections 2.3.1 and 3.2.1).
import { digestToken, sameDigest } from '../crypto/tokens.js';
import { OAuthError } from '../errors/oauth-error.js';
import type { ApplicationStore, ClientRecord, TokenEndpointAuthMethod } from '../storage/types.js';
import type { ClientCache } from './client-cache.js';

export interface ClientCredentialsInput {
  /** The raw Authorization header, if any. */
  authorization?: string;
  clientId?: string;
  clientSecret?: string;
}

export interface AuthenticatedClient {
  application: ClientRecord;
  method: TokenEndpointAuthMethod;
}

/** Client ids are Snowflakes; anything else is unknown without asking the database. */
const CLIENT_ID = /^[0-9]{1,20}$/;
const MAX_SECRET = 512;

/** RFC 6749 2.3.1: the Basic user-id and password are form-url-encoded before base64. */
function formDecode(value: string): string | null {
  try {
    return decodeURIComponent(value.replace(/\+/g, ' '));
  } catch {
    return null;
  }
}

function basicCredentials(header: string): { clientId: string; clientSecret: string } {
  const encoded = header.slice('basic '.length).trim();
  const decoded = Buffer.from(encoded, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (!/^[A-Za-z0-9+/]+=*$/.test(encoded) || colon < 0) throw OAuthError.invalidClient('Malformed Basic credentials');
  const clientId = formDecode(decoded.slice(0, colon));
  const clientSecret = formDecode(decoded.slice(colon + 1));
  if (clientId === null || clientSecret === null) throw OAuthError.invalidClient('Malformed Basic credentials');
  return { clientId, clientSecret };
}

/** Which method the request used, and the credentials it carried; `invalid_request` when it used two. */
function presented(input: ClientCredentialsInput): { method: TokenEndpointAuthMethod; clientId?: string; clientSecret?: string } {
  const basic = input.authorization?.toLowerCase().startsWith('basic ') ? basicCredentials(input.authorization) : null;
  if (basic) {
    if (input.clientSecret !== undefined) throw new OAuthError('invalid_request', 'Use one client authentication method, not two');
    if (input.clientId !== undefined && input.clientId !== basic.clientId) {
      throw new OAuthError('invalid_request', 'client_id does not match the Basic credentials');
    }
    return { method: 'client_secret_basic', ...basic };
  }
  if (input.clientSecret !== undefined) return { method: 'client_secret_post', clientId: input.clientId, clientSecret: input.clientSecret };
  return { method: 'none', clientId: input.clientId };
}

/** The well-formed client id a request names (Basic user-id or client_id), if any; never throws. */
export function claimedClientId(input: ClientCredentialsInput): string | undefined {
  try {
    const { clientId } = presented(input);
    return clientId !== undefined && CLIENT_ID.test(clientId) ? clientId : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Authenticates the client: `client_secret_basic` or `client_secret_post` against the stored secret digest for
 * confidential clients, `client_id` alone for public ones. Failures are 401 `invalid_client` with a challenge. With a
 * cache, a secret's digest that matched its client's stored digest lately answers without reading the row again.
 */
export async function authenticateClient(input: ClientCredentialsInput, applications: ApplicationStore, cache?: ClientCache): Promise<AuthenticatedClient> {
  const { method, clientId, clientSecret } = presented(input);
  if (!clientId) throw OAuthError.invalidClient('Client authentication is required');
  if (!CLIENT_ID.test(clientId) || (clientSecret?.length ?? 0) > MAX_SECRET) throw OAuthError.invalidClient();
  const digest = clientSecret === undefined ? undefined : digestToken(clientSecret);
  const cached = digest === undefined ? undefined : cache?.get(clientId, digest);
  if (cached) return { application: cached, method };
  const mark = cache?.mark();
  const application = await applications.findClient(clientId);
  if (!application) throw OAuthError.invalidClient();
  if (application.tokenEndpointAuthMethod === 'none') {
    if (method !== 'none') throw OAuthError.invalidClient('This public client has no secret');
    return { application, method };
  }
  if (method === 'none') throw OAuthError.invalidClient('This client must authenticate with its secret');
  const stored = application.clientSecretDigest;
  if (!stored || !sameDigest(digest!, stored)) throw OAuthError.invalidClient();
  if (cache) cache.remember(stored, application, mark!);
  return { application, method };
}

export function isConfidential(client: AuthenticatedClient): boolean {
  return client.application.tokenEndpointAuthMethod !== 'none';
}

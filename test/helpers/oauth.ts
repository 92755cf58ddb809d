// OAuth2 test helpers: form posts, client credentials, PKCE pairs, consent through the API and the code exchange.
import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { s256Challenge } from '../../src/oauth/pkce.js';
import { bearer, call } from './app.js';
import type { TestClient } from './applications.js';

export const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

export function basic(clientId: string, secret: string): Record<string, string> {
  const encode = (value: string) => encodeURIComponent(value).replace(/%20/g, '+');
  return { authorization: `Basic ${Buffer.from(`${encode(clientId)}:${encode(secret)}`).toString('base64')}` };
}

/** Credentials of a test client for a form request: Basic for confidential clients, client_id for public ones. */
export function clientAuth(client: TestClient): { headers: Record<string, string>; params: Record<string, string> } {
  return client.clientSecret ? { headers: basic(client.clientId, client.clientSecret), params: {} } : { headers: {}, params: { client_id: client.clientId } };
}

export function postForm(app: FastifyInstance, url: string, params: Record<string, string>, headers: Record<string, string> = {}) {
  return call(app, { method: 'POST', url, headers: { ...FORM, ...headers }, payload: new URLSearchParams(params).toString() });
}

export function pkce(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: s256Challenge(verifier) };
}

/** POST /oauth2/authorize/consent as the user; returns the response and the parsed redirect_to, if any. */
export async function consent(app: FastifyInstance, userToken: string, body: Record<string, unknown>) {
  const response = await call(app, { method: 'POST', url: '/api/v1/oauth2/authorize/consent', headers: bearer(userToken), payload: body });
  const redirect = response.data?.redirect_to ? new URL(response.data.redirect_to) : null;
  return { response, redirect };
}

/** Approves `scope` for the client with PKCE and returns the code, its verifier and the redirect. */
export async function authorizeCode(app: FastifyInstance, userToken: string, client: TestClient, scope = 'identify', extra: Record<string, unknown> = {}) {
  const { verifier, challenge } = pkce();
  const { response, redirect } = await consent(app, userToken, {
    client_id: client.clientId,
    redirect_uri: client.redirectUri,
    response_type: 'code',
    scope,
    state: 'state-1',
    code_challenge: challenge,
    code_challenge_method: 'S256',
    ...extra,
  });
  const code = redirect?.searchParams.get('code');
  if (!code) throw new Error(`consent gave no code: ${response.statusCode} ${response.body}`);
  return { code, verifier, redirect: redirect! };
}

export function exchangeCode(app: FastifyInstance, client: TestClient, code: string, verifier: string, extra: Record<string, string> = {}) {
  const auth = clientAuth(client);
  return postForm(
    app,
    '/api/v1/oauth2/token',
    { grant_type: 'authorization_code', code, redirect_uri: client.redirectUri, code_verifier: verifier, ...auth.params, ...extra },
    auth.headers,
  );
}

/** A full authorization: consent, then the code exchange; returns the token response body. */
export async function issueTokens(app: FastifyInstance, userToken: string, client: TestClient, scope = 'identify') {
  const { code, verifier } = await authorizeCode(app, userToken, client, scope);
  const response = await exchangeCode(app, client, code, verifier);
  if (response.statusCode !== 200) throw new Error(`token exchange failed: ${response.statusCode} ${response.body}`);
  return response.data as { access_token: string; refresh_token: string; scope: string; expires_in: number; token_type: string };
}

export function refresh(app: FastifyInstance, client: TestClient, refreshToken: string, extra: Record<string, string> = {}) {
  const auth = clientAuth(client);
  return postForm(app, '/api/v1/oauth2/token', { grant_type: 'refresh_token', refresh_token: refreshToken, ...auth.params, ...extra }, auth.headers);
}

export function introspectToken(app: FastifyInstance, client: TestClient, token: string) {
  const auth = clientAuth(client);
  return postForm(app, '/api/v1/oauth2/introspect', { token, ...auth.params }, auth.headers);
}

export function revokeToken(app: FastifyInstance, client: TestClient, token: string, hint?: string) {
  const auth = clientAuth(client);
  return postForm(app, '/api/v1/oauth2/token/revoke', { token, ...(hint && { token_type_hint: hint }), ...auth.params }, auth.headers);
}

/** Whether an access token still works on the API. */
export async function accessWorks(app: FastifyInstance, accessToken: string): Promise<boolean> {
  const response = await call(app, { method: 'GET', url: '/api/v1/oauth2/@me', headers: bearer(accessToken) });
  return response.statusCode === 200;
}

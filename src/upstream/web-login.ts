// The browser login through an upstream provider (RFC 6749 4.1 with PKCE S256, RFC 7636): guildgate's callback and the authorization URL.
import type { UpstreamProvider } from './provider-config.js';

export function callbackUrl(issuer: string, provider: UpstreamProvider): string {
  return `${issuer}/login/upstream/${provider.name}/callback`;
}

/** Providers that allow guildgate's own callback as a redirect URI: the login page offers them. */
export function webLoginProviders(providers: readonly UpstreamProvider[], issuer: string): UpstreamProvider[] {
  return providers.filter((provider) => provider.redirectUris.includes(callbackUrl(issuer, provider)));
}

/** Where to send the browser: the provider's authorization endpoint asking for its scopes, with our state and PKCE challenge. */
export function authorizationUrl(provider: UpstreamProvider, issuer: string, state: string, codeChallenge: string): string {
  const url = new URL(provider.authorizeUrl);
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('client_id', provider.clientId);
  url.searchParams.set('redirect_uri', callbackUrl(issuer, provider));
  url.searchParams.set('scope', provider.scopes.join(' '));
  url.searchParams.set('state', state);
  url.searchParams.set('code_challenge', codeChallenge);
  url.searchParams.set('code_challenge_method', 'S256');
  return url.toString();
}

// openid-client authorization URLs with a fresh PKCE pair (S256), for the code flows of the real-client tests.
import * as client from 'openid-client';

/** The authorization URL with `parameters` and a fresh S256 code challenge, and the verifier the code exchange sends. */
export async function pkceAuthorizationUrl(config: client.Configuration, parameters: Record<string, string>): Promise<{ url: URL; verifier: string }> {
  const verifier = client.randomPKCECodeVerifier();
  const url = client.buildAuthorizationUrl(config, {
    ...parameters,
    code_challenge: await client.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
  });
  return { url, verifier };
}

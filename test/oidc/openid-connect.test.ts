// OpenID Connect Core with real clients against a listening server: openid-client 6 and oauth4webapi 3 validate the id
// tokens (signature from the JWKS, iss, aud, nonce, times), userinfo, refresh, key rotation, and strictness.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { createRemoteJWKSet, decodeProtectedHeader, generateKeyPair, importJWK, jwtVerify, SignJWT, type JWK } from 'jose';
import * as oauth from 'oauth4webapi';
import * as client from 'openid-client';
import { decryptJson, keyEncryptionKey } from '../../src/crypto/key-encryption.js';
import { rotateSigningKey } from '../../src/oidc/signing-keys.js';
import { call } from '../helpers/app.js';
import { createTestClient, type TestClient } from '../helpers/applications.js';
import { FrozenClock } from '../helpers/clock.js';
import { listeningTestApp } from '../helpers/listening.js';
import { consent } from '../helpers/oauth.js';
import { pkceAuthorizationUrl } from '../helpers/openid-client.js';
import { forEachDialect } from '../helpers/stores.js';

type Listening = Awaited<ReturnType<typeof listeningTestApp>>;

/** OpenID Connect Core 3.1.3.6, computed here independently of the server. */
function atHash(accessToken: string, alg: string): string {
  const digest = createHash(alg === 'EdDSA' ? 'sha512' : 'sha256')
    .update(accessToken)
    .digest();
  return digest.subarray(0, digest.length / 2).toString('base64url');
}

forEachDialect('OpenID Connect with real clients', (dialect) => {
  const options = { execute: [client.allowInsecureRequests] };
  let t: Listening;
  let user: { id: string; token: string; username: string; signedInAt: number };
  let rp: TestClient;
  let config: client.Configuration;

  /** The user approves what the authorization URL asks, through the consent API; returns the callback URL. */
  async function approve(authorizationUrl: URL): Promise<URL> {
    assert.equal(`${authorizationUrl.origin}${authorizationUrl.pathname}`, `${t.issuer}/oauth2/authorize`);
    const { response, redirect } = await consent(t.app, user.token, Object.fromEntries(authorizationUrl.searchParams));
    assert.equal(response.statusCode, 200, response.body);
    return redirect!;
  }

  /** A full code flow with PKCE, state and nonce through openid-client; returns the tokens and the nonce. */
  async function signIn(configuration: client.Configuration, scope: string, extra: Record<string, string> = {}) {
    const state = client.randomState();
    const nonce = client.randomNonce();
    const { url, verifier } = await pkceAuthorizationUrl(configuration, {
      redirect_uri: rp.redirectUri,
      scope,
      state,
      nonce,
      ...extra,
    });
    const tokens = await client.authorizationCodeGrant(configuration, await approve(url), {
      pkceCodeVerifier: verifier,
      expectedState: state,
      expectedNonce: nonce,
      idTokenExpected: true,
    });
    return { tokens, nonce };
  }

  /** A client configuration that also checks id token signatures against the JWKS (the libraries' non-repudiation checks). */
  async function discover(): Promise<client.Configuration> {
    const configuration = await client.discovery(new URL(t.issuer), rp.clientId, rp.clientSecret!, client.ClientSecretBasic(rp.clientSecret!), options);
    client.enableNonRepudiationChecks(configuration);
    return configuration;
  }

  before(async () => {
    t = await listeningTestApp(dialect, {}, new FrozenClock(Date.now()));
    const signedInAt = t.clock.now();
    const registered = await call(t.app, {
      method: 'POST',
      url: '/api/v1/auth/register',
      payload: { username: `oidc_${dialect}`, password: 'correct horse battery', email: `oidc_${dialect}@example.com` },
    });
    assert.equal(registered.statusCode, 201, registered.body);
    user = { id: registered.data.user_id, token: registered.data.token, username: `oidc_${dialect}`, signedInAt };
    rp = await createTestClient(t.db.store, { ownerId: user.id, redirectUris: ['https://rp.example/cb'] });
    config = await discover();
  });
  after(() => t.close());

  test('discovery names the JWKS, the id token algorithms, scopes and claims', () => {
    const metadata = config.serverMetadata();
    assert.equal(metadata.jwks_uri, `${t.issuer}/api/v1/oauth2/keys`);
    assert.deepEqual(metadata.id_token_signing_alg_values_supported, ['RS256', 'ES256', 'EdDSA']);
    assert.deepEqual(metadata.subject_types_supported, ['public']);
    assert.ok(metadata.scopes_supported!.includes('openid') && metadata.scopes_supported!.includes('profile'));
    assert.equal(metadata.claims_parameter_supported, true);
    for (const claim of ['sub', 'auth_time', 'nonce', 'preferred_username', 'email', 'email_verified'])
      assert.ok(metadata.claims_supported!.includes(claim), claim);
  });

  test('code + PKCE + nonce: the library validates the id token; at_hash, auth_time and amr are right', async () => {
    const { tokens, nonce } = await signIn(config, 'openid profile email');
    const claims = tokens.claims()!;
    assert.equal(claims.iss, t.issuer);
    assert.equal(claims.sub, user.id);
    assert.equal(claims.aud, rp.clientId);
    assert.equal(claims.nonce, nonce);
    assert.equal(claims.auth_time, Math.floor(user.signedInAt / 1000));
    assert.deepEqual(claims.amr, ['pwd']);
    assert.equal(claims.exp, claims.iat + 3600);
    const { alg, kid, typ } = decodeProtectedHeader(tokens.id_token!);
    assert.deepEqual([alg, typ], ['RS256', 'JWT']);
    assert.equal(kid, (await call(t.app, { method: 'GET', url: '/api/v1/oauth2/keys' })).data.keys[0].kid);
    assert.equal(claims.at_hash, atHash(tokens.access_token, 'RS256'));
    // Profile and email claims go to userinfo; the id token carries them only when the claims parameter asks.
    assert.equal(claims.email, undefined);
    assert.equal(claims.preferred_username, undefined);

    const info = await client.fetchUserInfo(config, tokens.access_token, user.id);
    assert.deepEqual(info, {
      sub: user.id,
      preferred_username: user.username,
      name: user.username,
      email: `oidc_${dialect}@example.com`,
      verified: false,
      email_verified: false,
    });
  });

  test('the claims parameter puts standard claims in the id token', async () => {
    const { tokens } = await signIn(config, 'openid', {
      claims: JSON.stringify({ id_token: { email: null, preferred_username: { essential: true }, unknown_claim: null } }),
    });
    const claims = tokens.claims()!;
    assert.equal(claims.email, `oidc_${dialect}@example.com`);
    assert.equal(claims.preferred_username, user.username);
    assert.equal(claims.unknown_claim, undefined);
  });

  test('a bad claims parameter is an invalid_request sent to the redirect URI', async () => {
    const { response, redirect } = await consent(t.app, user.token, {
      client_id: rp.clientId,
      redirect_uri: rp.redirectUri,
      response_type: 'code',
      scope: 'openid',
      state: 's',
      claims: '[1]',
    });
    assert.equal(response.statusCode, 200);
    assert.equal(redirect!.searchParams.get('error'), 'invalid_request');
    assert.equal(redirect!.searchParams.get('error_description'), 'claims must be a JSON object');
    assert.equal(redirect!.searchParams.get('code'), null);
  });

  test('refresh: a new id token for the same user and login, without nonce; userinfo answers POST too', async () => {
    const { tokens } = await signIn(config, 'openid profile');
    const refreshed = await client.refreshTokenGrant(config, tokens.refresh_token!);
    const claims = refreshed.claims()!;
    assert.notEqual(refreshed.id_token, tokens.id_token);
    assert.equal(claims.sub, user.id);
    assert.equal(claims.aud, rp.clientId);
    assert.equal(claims.auth_time, tokens.claims()!.auth_time);
    assert.equal(claims.nonce, undefined);
    assert.equal(claims.at_hash, atHash(refreshed.access_token, 'RS256'));
    const posted = await call(t.app, { method: 'POST', url: '/api/v1/oauth2/userinfo', headers: { authorization: `Bearer ${refreshed.access_token}` } });
    assert.equal(posted.statusCode, 200);
    assert.deepEqual(posted.data, { sub: user.id, preferred_username: user.username, name: user.username });
  });

  test('prompt=none without a session: the client gets login_required from the redirect', async () => {
    const { url } = await pkceAuthorizationUrl(config, {
      redirect_uri: rp.redirectUri,
      scope: 'openid',
      prompt: 'none',
      state: 'quiet',
      nonce: 'n',
    });
    const response = await fetch(url, { redirect: 'manual' });
    assert.equal(response.status, 302);
    const callback = new URL(response.headers.get('location')!);
    await assert.rejects(
      client.authorizationCodeGrant(config, callback, { expectedState: 'quiet', expectedNonce: 'n', pkceCodeVerifier: client.randomPKCECodeVerifier() }),
      (error: client.AuthorizationResponseError) => error.error === 'login_required',
    );
  });

  test('without openid there is no id token', async () => {
    const { url, verifier } = await pkceAuthorizationUrl(config, {
      redirect_uri: rp.redirectUri,
      scope: 'identify',
      state: 'x',
    });
    const tokens = await client.authorizationCodeGrant(config, await approve(url), { pkceCodeVerifier: verifier, expectedState: 'x' });
    assert.equal(tokens.id_token, undefined);
  });

  describe('oauth4webapi', () => {
    const insecure = { [oauth.allowInsecureRequests]: true };
    let as: oauth.AuthorizationServer;
    let oauthClient: oauth.Client;
    let auth: oauth.ClientAuth;

    /** Consent, then the code exchange request; the response is left for each test to process. */
    async function exchange(nonce: string): Promise<Response> {
      const verifier = oauth.generateRandomCodeVerifier();
      const url = new URL(as.authorization_endpoint!);
      for (const [name, value] of Object.entries({
        client_id: rp.clientId,
        redirect_uri: rp.redirectUri,
        response_type: 'code',
        scope: 'openid',
        state: 'st',
        code_challenge: await oauth.calculatePKCECodeChallenge(verifier),
        code_challenge_method: 'S256',
        nonce,
      }))
        url.searchParams.set(name, value);
      const params = oauth.validateAuthResponse(as, oauthClient, await approve(url), 'st');
      return oauth.authorizationCodeGrantRequest(as, oauthClient, auth, params, rp.redirectUri, verifier, insecure);
    }

    /** Processes the token response and checks the id token's signature against the JWKS; answers the claims. */
    async function validated(response: Response, expectedNonce: string) {
      const result = await oauth.processAuthorizationCodeResponse(as, oauthClient, response, { expectedNonce, requireIdToken: true });
      await oauth.validateApplicationLevelSignature(as, response, insecure);
      return oauth.getValidatedIdTokenClaims(result)!;
    }

    before(async () => {
      const issuer = new URL(t.issuer);
      as = await oauth.processDiscoveryResponse(issuer, await oauth.discoveryRequest(issuer, { algorithm: 'oidc', ...insecure }));
      oauthClient = { client_id: rp.clientId };
      auth = oauth.ClientSecretBasic(rp.clientSecret!);
    });

    test('the core flow: the id token is validated and its claims returned', async () => {
      const claims = await validated(await exchange('n-1'), 'n-1');
      assert.deepEqual([claims.iss, claims.sub, claims.aud, claims.nonce], [t.issuer, user.id, rp.clientId, 'n-1']);
    });

    test('a tampered id token is rejected', async () => {
      const body = await (await exchange('n-2')).json();
      const [header, payload, signature] = body.id_token.split('.');
      const changed = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload, 'base64url').toString()), sub: '1' })).toString('base64url');
      const response = Response.json({ ...body, id_token: `${header}.${changed}.${signature}` });
      await assert.rejects(validated(response, 'n-2'), /signature verification failed/);
    });

    test('a wrong nonce is rejected', async () => {
      await assert.rejects(validated(await exchange('n-3'), 'other'), /unexpected ID Token "nonce" claim value/);
    });

    test('an id token under an unknown kid is rejected', async () => {
      const body = await (await exchange('n-4')).json();
      const { privateKey } = await generateKeyPair('RS256');
      const now = Math.floor(Date.now() / 1000);
      const forged = await new SignJWT({ nonce: 'n-4' })
        .setProtectedHeader({ alg: 'RS256', kid: 'not-a-published-key' })
        .setIssuer(t.issuer)
        .setSubject(user.id)
        .setAudience(rp.clientId)
        .setIssuedAt(now)
        .setExpirationTime(now + 600)
        .sign(privateKey);
      await assert.rejects(
        validated(Response.json({ ...body, id_token: forged }), 'n-4'),
        /error when selecting a JWT verification key, no applicable keys found/,
      );
    });
  });

  describe('key rotation', () => {
    test('tokens of the old key still validate; within 5 s new ones are signed by the new key and validate too', async () => {
      const { tokens: old } = await signIn(config, 'openid');
      const oldKid = decodeProtectedHeader(old.id_token!).kid;
      const { key } = await rotateSigningKey(t.db.store, t.clock, keyEncryptionKey(t.config.secret!), 'ES256', 60_000);
      t.clock.advance(5);
      const fresh = await discover();
      const { tokens } = await signIn(fresh, 'openid');
      assert.deepEqual([decodeProtectedHeader(tokens.id_token!).kid, decodeProtectedHeader(tokens.id_token!).alg], [key.kid, 'ES256']);
      assert.equal(tokens.claims()!.at_hash, atHash(tokens.access_token, 'ES256'));
      const jwks = createRemoteJWKSet(new URL(`${t.issuer}/api/v1/oauth2/keys`));
      const verified = await jwtVerify(old.id_token!, jwks, { issuer: t.issuer, audience: rp.clientId, currentDate: new Date(t.clock.now()) });
      assert.equal(verified.protectedHeader.kid, oldKid);
    });

    test('once retired, a key validates nothing: a token it signs is rejected', async () => {
      const [, retired] = await t.db.store.signingKeys.list();
      t.clock.advance(66);
      const jwk = await decryptJson<JWK>(retired!.encryptedPrivateJwk, keyEncryptionKey(t.config.secret!));
      const now = Math.floor(t.clock.now() / 1000);
      const token = await new SignJWT({})
        .setProtectedHeader({ alg: retired!.alg, kid: retired!.kid })
        .setIssuer(t.issuer)
        .setSubject(user.id)
        .setAudience(rp.clientId)
        .setIssuedAt(now)
        .setExpirationTime(now + 600)
        .sign(await importJWK(jwk, retired!.alg));
      const jwks = createRemoteJWKSet(new URL(`${t.issuer}/api/v1/oauth2/keys`));
      await assert.rejects(jwtVerify(token, jwks, { issuer: t.issuer, currentDate: new Date(t.clock.now()) }), { code: 'ERR_JWKS_NO_MATCHING_KEY' });
      const published = (await call(t.app, { method: 'GET', url: '/api/v1/oauth2/keys' })).data.keys.map((k: JWK) => k.kid);
      assert.ok(!published.includes(retired!.kid));
    });
  });
});

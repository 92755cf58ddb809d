// Real OAuth2 clients against a listening server: openid-client 6 and oauth4webapi 3, discovery through revocation.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import * as oauth from 'oauth4webapi';
import * as client from 'openid-client';
import { registerUser, type RegisteredUser } from '../helpers/app.js';
import { createTestClient, type TestClient } from '../helpers/applications.js';
import { listeningTestApp } from '../helpers/listening.js';
import { consent } from '../helpers/oauth.js';
import { pkceAuthorizationUrl } from '../helpers/openid-client.js';
import { forEachDialect } from '../helpers/stores.js';

type Listening = Awaited<ReturnType<typeof listeningTestApp>>;

forEachDialect('real clients', (dialect) => {
  let t: Listening;
  let user: RegisteredUser;
  let confidential: TestClient;
  let publicClient: TestClient;

  /** The user approves whatever the client's authorization URL asks; returns the callback URL. */
  async function approve(authorizationUrl: URL): Promise<URL> {
    assert.equal(`${authorizationUrl.origin}${authorizationUrl.pathname}`, `${t.issuer}/oauth2/authorize`);
    const { response, redirect } = await consent(t.app, user.token, Object.fromEntries(authorizationUrl.searchParams));
    assert.equal(response.statusCode, 200, response.body);
    return redirect!;
  }

  before(async () => {
    t = await listeningTestApp(dialect);
    user = await registerUser(t.app);
    confidential = await createTestClient(t.db.store, { ownerId: user.id, redirectUris: ['https://rp.example/cb'] });
    publicClient = await createTestClient(t.db.store, { ownerId: user.id, method: 'none', redirectUris: ['http://127.0.0.1:9/cb'] });
  });
  after(() => t.close());

  describe('openid-client', () => {
    const options = { execute: [client.allowInsecureRequests] };

    test('discovery, code with PKCE and state, refresh, introspection, revocation (client_secret_basic)', async () => {
      const config = await client.discovery(
        new URL(t.issuer),
        confidential.clientId,
        confidential.clientSecret!,
        client.ClientSecretBasic(confidential.clientSecret!),
        options,
      );
      assert.equal(config.serverMetadata().issuer, t.issuer);
      const state = client.randomState();
      const { url, verifier } = await pkceAuthorizationUrl(config, {
        redirect_uri: confidential.redirectUri,
        scope: 'identify email',
        state,
      });
      const callback = await approve(url);
      const tokens = await client.authorizationCodeGrant(config, callback, { pkceCodeVerifier: verifier, expectedState: state });
      assert.equal(tokens.token_type.toLowerCase(), 'bearer');
      assert.equal(tokens.scope, 'identify email');
      assert.equal(tokens.expiresIn(), 3600);

      const info = await client.tokenIntrospection(config, tokens.access_token);
      assert.equal(info.active, true);
      assert.equal(info.sub, user.id);
      assert.equal(info.client_id, confidential.clientId);

      const refreshed = await client.refreshTokenGrant(config, tokens.refresh_token!);
      assert.notEqual(refreshed.refresh_token, tokens.refresh_token);
      const userinfo = await client.fetchUserInfo(config, refreshed.access_token, user.id);
      assert.equal(userinfo.sub, user.id);

      await client.tokenRevocation(config, refreshed.refresh_token!);
      assert.equal((await client.tokenIntrospection(config, refreshed.access_token)).active, false);
      await assert.rejects(client.refreshTokenGrant(config, refreshed.refresh_token!), (error: client.ResponseBodyError) => error.error === 'invalid_grant');
    });

    test('a wrong state is caught by the client', async () => {
      const config = await client.discovery(new URL(t.issuer), confidential.clientId, confidential.clientSecret!, undefined, options);
      const { url, verifier } = await pkceAuthorizationUrl(config, {
        redirect_uri: confidential.redirectUri,
        scope: 'identify',
        state: 'one',
      });
      await assert.rejects(client.authorizationCodeGrant(config, await approve(url), { pkceCodeVerifier: verifier, expectedState: 'two' }));
    });

    test('client credentials (client_secret_post)', async () => {
      const config = await client.discovery(
        new URL(t.issuer),
        confidential.clientId,
        confidential.clientSecret!,
        client.ClientSecretPost(confidential.clientSecret!),
        options,
      );
      const tokens = await client.clientCredentialsGrant(config, { scope: 'identify guilds' });
      assert.equal(tokens.scope, 'identify guilds');
      assert.equal(tokens.refresh_token, undefined);
    });

    test('a public client with PKCE', async () => {
      const config = await client.discovery(new URL(t.issuer), publicClient.clientId, undefined, client.None(), options);
      const state = client.randomState();
      const { url, verifier } = await pkceAuthorizationUrl(config, {
        redirect_uri: publicClient.redirectUri,
        scope: 'identify',
        state,
      });
      const tokens = await client.authorizationCodeGrant(config, await approve(url), { pkceCodeVerifier: verifier, expectedState: state });
      assert.ok(tokens.access_token);
      const refreshed = await client.refreshTokenGrant(config, tokens.refresh_token!);
      assert.ok(refreshed.access_token);
    });
  });

  describe('oauth4webapi', () => {
    const insecure = { [oauth.allowInsecureRequests]: true };
    let as: oauth.AuthorizationServer;

    before(async () => {
      const issuer = new URL(t.issuer);
      as = await oauth.processDiscoveryResponse(issuer, await oauth.discoveryRequest(issuer, { algorithm: 'oauth2', ...insecure }));
    });

    test('discovery metadata (RFC 8414)', () => {
      assert.equal(as.issuer, t.issuer);
      assert.equal(as.authorization_endpoint, `${t.issuer}/oauth2/authorize`);
      assert.deepEqual(as.response_types_supported, ['code']);
      assert.deepEqual(as.code_challenge_methods_supported, ['S256']);
      assert.equal(as.authorization_response_iss_parameter_supported, true);
      assert.deepEqual(as.grant_types_supported, ['authorization_code', 'refresh_token', 'client_credentials', 'urn:ietf:params:oauth:grant-type:device_code']);
    });

    test('code with PKCE, state and iss validation, refresh, introspection, revocation', async () => {
      const rp: oauth.Client = { client_id: confidential.clientId };
      const auth = oauth.ClientSecretBasic(confidential.clientSecret!);
      const verifier = oauth.generateRandomCodeVerifier();
      const state = oauth.generateRandomState();
      const url = new URL(as.authorization_endpoint!);
      url.search = new URLSearchParams({
        client_id: rp.client_id,
        redirect_uri: confidential.redirectUri,
        response_type: 'code',
        scope: 'identify',
        state,
        code_challenge: await oauth.calculatePKCECodeChallenge(verifier),
        code_challenge_method: 'S256',
      }).toString();
      const callback = await approve(url);
      const params = oauth.validateAuthResponse(as, rp, callback, state);
      const tokens = await oauth.processAuthorizationCodeResponse(
        as,
        rp,
        await oauth.authorizationCodeGrantRequest(as, rp, auth, params, confidential.redirectUri, verifier, insecure),
      );
      assert.equal(tokens.scope, 'identify');

      const refreshed = await oauth.processRefreshTokenResponse(as, rp, await oauth.refreshTokenGrantRequest(as, rp, auth, tokens.refresh_token!, insecure));
      const info = await oauth.processIntrospectionResponse(as, rp, await oauth.introspectionRequest(as, rp, auth, refreshed.access_token, insecure));
      assert.equal(info.active, true);
      assert.equal(info.username, user.username);
      await oauth.processRevocationResponse(await oauth.revocationRequest(as, rp, auth, refreshed.access_token, insecure));
      const after = await oauth.processIntrospectionResponse(as, rp, await oauth.introspectionRequest(as, rp, auth, refreshed.access_token, insecure));
      assert.equal(after.active, false);
    });

    test('a forged iss in the callback is rejected by validateAuthResponse', async () => {
      const rp: oauth.Client = { client_id: confidential.clientId };
      const callback = new URL(`${confidential.redirectUri}?code=x&state=s&iss=${encodeURIComponent('https://evil.example')}`);
      assert.throws(() => oauth.validateAuthResponse(as, rp, callback, 's'));
    });

    test('an error callback (access_denied) carries iss and state', async () => {
      const rp: oauth.Client = { client_id: confidential.clientId };
      const { redirect } = await consent(t.app, user.token, {
        client_id: rp.client_id,
        redirect_uri: confidential.redirectUri,
        response_type: 'code',
        scope: 'identify',
        state: 'd',
        authorize: false,
      });
      assert.throws(
        () => oauth.validateAuthResponse(as, rp, redirect!, 'd'),
        (error: oauth.AuthorizationResponseError) => error.error === 'access_denied',
      );
    });

    test('client credentials', async () => {
      const rp: oauth.Client = { client_id: confidential.clientId };
      const response = await oauth.clientCredentialsGrantRequest(as, rp, oauth.ClientSecretPost(confidential.clientSecret!), { scope: 'identify' }, insecure);
      const tokens = await oauth.processClientCredentialsResponse(as, rp, response);
      assert.equal(tokens.scope, 'identify');
    });
  });
});

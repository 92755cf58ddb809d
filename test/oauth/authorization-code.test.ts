// Authorization requests and the authorization_code grant: exact redirects, single-use codes, PKCE, bindings, expiry.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createTestApp, registerUser, type RegisteredUser, type TestApp } from '../helpers/app.js';
import { createTestClient, type TestClient } from '../helpers/applications.js';
import { accessWorks, authorizeCode, basic, consent, exchangeCode, pkce, postForm, refresh } from '../helpers/oauth.js';
import { forEachDialect } from '../helpers/stores.js';

forEachDialect('authorization code flow', (dialect) => {
  let t: TestApp;
  let user: RegisteredUser;
  let client: TestClient;
  let publicClient: TestClient;
  const ISSUER = 'http://127.0.0.1:8080';

  before(async () => {
    t = await createTestApp({ dialect, env: { GUILDGATE_RATE_LIMIT: 'off' } });
    user = await registerUser(t.app);
    client = await createTestClient(t.db.store, { ownerId: user.id, redirectUris: ['https://client.example/callback', 'https://client.example/cb?x=1'] });
    publicClient = await createTestClient(t.db.store, { ownerId: user.id, method: 'none', redirectUris: ['com.example.app:/oauth'] });
  });
  after(() => t.close());

  const request = (overrides: Record<string, unknown> = {}) => ({
    client_id: client.clientId,
    redirect_uri: client.redirectUri,
    response_type: 'code',
    scope: 'identify',
    state: 'st',
    ...overrides,
  });

  test('approval redirects with code, the exact state and iss', async () => {
    const state = 'a b+c/d?e=f&g=%20ü';
    const { response, redirect } = await consent(t.app, user.token, request({ state }));
    assert.equal(response.statusCode, 200);
    assert.deepEqual(Object.keys(response.data), ['redirect_to']);
    assert.equal(`${redirect!.origin}${redirect!.pathname}`, 'https://client.example/callback');
    assert.match(redirect!.searchParams.get('code')!, /^ggc_[A-Za-z0-9_-]{43}$/);
    assert.equal(redirect!.searchParams.get('state'), state);
    assert.equal(redirect!.searchParams.get('iss'), ISSUER);
  });

  test('a registered redirect URI with a query keeps it and gets the response appended', async () => {
    const { redirect } = await consent(t.app, user.token, request({ redirect_uri: 'https://client.example/cb?x=1' }));
    assert.equal(redirect!.searchParams.get('x'), '1');
    assert.ok(redirect!.searchParams.get('code'));
    assert.ok(redirect!.href.startsWith('https://client.example/cb?x=1&code='));
  });

  test('exact redirect matching: unregistered, prefix-extended or case-changed redirect URIs get 400 and no redirect_to', async () => {
    for (const redirect_uri of [
      'https://client.example/callback/',
      'https://client.example/callback?x=1',
      'https://CLIENT.example/callback',
      'https://client.example/callbackx',
      'https://evil.example/callback',
    ]) {
      const { response } = await consent(t.app, user.token, request({ redirect_uri }));
      assert.equal(response.statusCode, 400, redirect_uri);
      assert.equal(response.data.redirect_to, undefined);
      assert.equal(response.data.code, 'INVALID_FORM_BODY');
      assert.deepEqual(response.data.errors, [{ field: 'redirect_uri', message: 'redirect_uri is not registered for this application' }]);
    }
  });

  test('an unknown client gets 400 and no redirect_to', async () => {
    const { response } = await consent(t.app, user.token, request({ client_id: '1234567890' }));
    assert.equal(response.statusCode, 400);
    assert.deepEqual(response.data, {
      code: 'INVALID_FORM_BODY',
      message: 'Invalid client_id: Unknown client_id',
      errors: [{ field: 'client_id', message: 'Unknown client_id' }],
    });
  });

  test('redirect_uri may be omitted only when exactly one is registered', async () => {
    const { response } = await consent(t.app, user.token, request({ redirect_uri: undefined }));
    assert.equal(response.statusCode, 400);
    const single = await createTestClient(t.db.store, { ownerId: user.id });
    const { redirect } = await consent(t.app, user.token, request({ client_id: single.clientId, redirect_uri: undefined }));
    assert.equal(`${redirect!.origin}${redirect!.pathname}`, single.redirectUri);
  });

  test('redirectable errors: bad scope, response_type and PKCE go to the redirect URI with state and iss', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ scope: 'identify nope' }, 'invalid_scope'],
      [{ scope: '' }, 'invalid_scope'],
      [{ response_type: 'token' }, 'unsupported_response_type'],
      [{ code_challenge: pkce().challenge, code_challenge_method: 'plain' }, 'invalid_request'],
      [{ code_challenge: pkce().challenge }, 'invalid_request'],
      [{ code_challenge: 'short', code_challenge_method: 'S256' }, 'invalid_request'],
      [{ code_challenge_method: 'S256' }, 'invalid_request'],
    ];
    for (const [overrides, error] of cases) {
      const { response, redirect } = await consent(t.app, user.token, request(overrides));
      assert.equal(response.statusCode, 200, JSON.stringify(overrides));
      assert.equal(redirect!.searchParams.get('error'), error, JSON.stringify(overrides));
      assert.ok(redirect!.searchParams.get('error_description'));
      assert.equal(redirect!.searchParams.get('state'), 'st');
      assert.equal(redirect!.searchParams.get('iss'), ISSUER);
      assert.equal(redirect!.searchParams.get('code'), null);
    }
  });

  test('a request without response_type is for a code (Discord bot invites, seed 000)', async () => {
    const { redirect } = await consent(t.app, user.token, request({ response_type: undefined }));
    assert.equal(redirect!.searchParams.get('error'), null);
    assert.match(redirect!.searchParams.get('code')!, /^\S{20,}$/);
    assert.equal(redirect!.searchParams.get('state'), 'st');
  });

  test('errors go only to a redirect URI the request named: without one, a bad request is refused here and a denial ends on guildgate', async () => {
    const single = await createTestClient(t.db.store, { ownerId: user.id });
    const unnamed = (overrides: Record<string, unknown>) =>
      consent(t.app, user.token, request({ client_id: single.clientId, redirect_uri: undefined, ...overrides }));
    for (const overrides of [{ scope: 'identify nope' }, { response_type: 'token' }, { code_challenge: 'short', code_challenge_method: 'S256' }]) {
      const { response } = await unnamed(overrides);
      assert.equal(response.statusCode, 400, JSON.stringify(overrides));
      assert.equal(response.data.redirect_to, undefined);
      assert.equal(response.data.code, 'INVALID_REQUEST');
    }
    const denied = await unnamed({ authorize: false });
    assert.equal(denied.response.statusCode, 200);
    assert.equal(denied.response.data.redirect_to, `${ISSUER}/oauth2/authorized?application_id=${single.clientId}&error=access_denied`);
    const named = await consent(t.app, user.token, request({ client_id: single.clientId, redirect_uri: single.redirectUri, scope: 'identify nope' }));
    assert.equal(`${named.redirect!.origin}${named.redirect!.pathname}`, single.redirectUri);
    assert.equal(named.redirect!.searchParams.get('error'), 'invalid_scope');
  });

  test('a denial redirects with access_denied', async () => {
    const { redirect } = await consent(t.app, user.token, request({ authorize: false }));
    assert.equal(redirect!.searchParams.get('error'), 'access_denied');
    assert.equal(redirect!.searchParams.get('state'), 'st');
    assert.equal(redirect!.searchParams.get('code'), null);
  });

  test('consent needs a session token', async () => {
    const response = await consent(t.app, 'ggs_nope', request());
    assert.equal(response.response.statusCode, 401);
  });

  test('public clients must use PKCE', async () => {
    const { redirect } = await consent(t.app, user.token, request({ client_id: publicClient.clientId, redirect_uri: publicClient.redirectUri }));
    assert.equal(redirect!.protocol, 'com.example.app:');
    assert.equal(redirect!.searchParams.get('error'), 'invalid_request');
    assert.equal(redirect!.searchParams.get('error_description'), 'PKCE (S256) is required for public clients');
  });

  test('a public client redeems its code with client_id and the verifier', async () => {
    const { code, verifier } = await authorizeCode(t.app, user.token, publicClient);
    const response = await exchangeCode(t.app, publicClient, code, verifier);
    assert.equal(response.statusCode, 200);
    assert.equal(response.data.token_type, 'Bearer');
    assert.equal(response.data.expires_in, 3600);
    assert.equal(response.data.scope, 'identify');
    assert.match(response.data.refresh_token, /^ggrt_/);
  });

  test('replayed code revokes the tokens it issued', async () => {
    const { code, verifier } = await authorizeCode(t.app, user.token, client);
    const first = await exchangeCode(t.app, client, code, verifier);
    assert.equal(first.statusCode, 200);
    const rotated = await refresh(t.app, client, first.data.refresh_token);
    assert.equal(rotated.statusCode, 200);
    const replay = await exchangeCode(t.app, client, code, verifier);
    assert.equal(replay.statusCode, 400);
    assert.deepEqual(replay.data, { error: 'invalid_grant', error_description: 'The authorization code was already used; tokens issued from it are revoked' });
    assert.equal(await accessWorks(t.app, first.data.access_token), false);
    assert.equal(await accessWorks(t.app, rotated.data.access_token), false);
    const again = await refresh(t.app, client, rotated.data.refresh_token);
    assert.equal(again.data.error, 'invalid_grant');
  });

  test('PKCE downgrade: a verifier for a code issued without a challenge is refused', async () => {
    const { redirect } = await consent(t.app, user.token, request());
    const code = redirect!.searchParams.get('code')!;
    const response = await exchangeCode(t.app, client, code, pkce().verifier);
    assert.deepEqual(response.data, { error: 'invalid_grant', error_description: 'code_verifier sent for a code issued without code_challenge' });
    assert.equal(response.statusCode, 400);
  });

  test('PKCE missing: a code issued with a challenge needs the verifier', async () => {
    const { code } = await authorizeCode(t.app, user.token, client);
    const response = await exchangeCode(t.app, client, code, 'too-short');
    assert.equal(response.statusCode, 400);
    assert.deepEqual(response.data, { error: 'invalid_request', error_description: 'code_verifier must be 43 to 128 unreserved characters' });
    const { code: code2 } = await authorizeCode(t.app, user.token, client);
    const params = { grant_type: 'authorization_code', code: code2, redirect_uri: client.redirectUri };
    const missing = await postForm(t.app, '/api/v1/oauth2/token', params, basic(client.clientId, client.clientSecret!));
    assert.equal(missing.statusCode, 400);
    assert.deepEqual(missing.data, { error: 'invalid_grant', error_description: 'code_verifier is required' });
  });

  test('PKCE wrong: a different verifier is refused and the code is spent', async () => {
    const { code, verifier } = await authorizeCode(t.app, user.token, client);
    const wrong = await exchangeCode(t.app, client, code, pkce().verifier);
    assert.equal(wrong.statusCode, 400);
    assert.deepEqual(wrong.data, { error: 'invalid_grant', error_description: 'code_verifier does not match the code_challenge' });
    const right = await exchangeCode(t.app, client, code, verifier);
    assert.equal(right.data.error, 'invalid_grant');
  });

  test('PKCE plain is refused at authorization', async () => {
    const { verifier } = pkce();
    const { redirect } = await consent(t.app, user.token, request({ code_challenge: verifier, code_challenge_method: 'plain' }));
    assert.equal(redirect!.searchParams.get('error'), 'invalid_request');
    assert.equal(redirect!.searchParams.get('error_description'), 'code_challenge_method must be S256');
  });

  test('code bound to client: another client cannot redeem it, and the owner still can', async () => {
    const other = await createTestClient(t.db.store, { ownerId: user.id });
    const { code, verifier } = await authorizeCode(t.app, user.token, client);
    const stolen = await exchangeCode(t.app, { ...other, redirectUri: client.redirectUri }, code, verifier);
    assert.equal(stolen.statusCode, 400);
    assert.deepEqual(stolen.data, { error: 'invalid_grant', error_description: 'Invalid authorization code' });
    const own = await exchangeCode(t.app, client, code, verifier);
    assert.equal(own.statusCode, 200);
  });

  test('code bound to redirect_uri: a different redirect_uri is refused', async () => {
    const { code, verifier } = await authorizeCode(t.app, user.token, client);
    const response = await exchangeCode(t.app, client, code, verifier, { redirect_uri: 'https://client.example/cb?x=1' });
    assert.equal(response.statusCode, 400);
    assert.deepEqual(response.data, { error: 'invalid_grant', error_description: 'redirect_uri does not match the authorization request' });
  });

  test('expired code is refused (frozen clock, 5 minutes)', async () => {
    const { code, verifier } = await authorizeCode(t.app, user.token, client);
    t.clock.advance(300);
    const response = await exchangeCode(t.app, client, code, verifier);
    assert.equal(response.statusCode, 400);
    assert.deepEqual(response.data, { error: 'invalid_grant', error_description: 'The authorization code has expired' });
  });

  test('a code just inside its lifetime works', async () => {
    const { code, verifier } = await authorizeCode(t.app, user.token, client);
    t.clock.advance(299);
    const response = await exchangeCode(t.app, client, code, verifier);
    assert.equal(response.statusCode, 200);
  });

  test('an unknown code is invalid_grant', async () => {
    const response = await exchangeCode(t.app, client, 'ggc_unknown', pkce().verifier);
    assert.deepEqual(response.data, { error: 'invalid_grant', error_description: 'Invalid authorization code' });
  });
});

// OpenID Connect prompt and session rules on the authorization page: prompt=none answers by redirect, prompt=login and
// max_age ask for a fresh sign-in, login_hint fills the sign-in form, id_token_hint names who must be signed in.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { decodeJwt } from 'jose';
import { bearer, call, createTestApp, registerUser, type RegisteredUser, type TestApp } from '../helpers/app.js';
import { createTestClient, type TestClient } from '../helpers/applications.js';
import { authorizeCode, consent, exchangeCode, FORM, pkce } from '../helpers/oauth.js';
import { forEachDialect } from '../helpers/stores.js';

const CSRF = /name="csrf_token" value="([^"]+)"/;

forEachDialect('prompt and session rules', (dialect) => {
  let t: TestApp;
  let user: RegisteredUser;
  let other: RegisteredUser;
  let client: TestClient;
  let cookie: string;

  const query = (overrides: Record<string, string> = {}) =>
    new URLSearchParams({
      client_id: client.clientId,
      redirect_uri: client.redirectUri,
      response_type: 'code',
      scope: 'openid',
      state: 'st',
      code_challenge: pkce().challenge,
      code_challenge_method: 'S256',
      ...overrides,
    });
  const authorize = (overrides: Record<string, string> = {}, withCookie = cookie) =>
    call(t.app, { method: 'GET', url: `/oauth2/authorize?${query(overrides).toString()}`, headers: withCookie ? { cookie: withCookie } : {} });
  const location = (response: { headers: Record<string, unknown> }) => new URL(String(response.headers.location), 'http://page.invalid');

  /** Signs in through the sign-in page; returns the session cookie. */
  async function signIn(who: RegisteredUser): Promise<string> {
    const page = await call(t.app, { method: 'GET', url: '/login?return_to=%2F' });
    const preCookie = page.cookies.find((c) => c.name === 'gg_login_csrf')!;
    const response = await call(t.app, {
      method: 'POST',
      url: '/login',
      headers: { ...FORM, cookie: `gg_login_csrf=${preCookie.value}` },
      payload: new URLSearchParams({ login: who.username, password: who.password, return_to: '/', csrf_token: CSRF.exec(page.body)![1]! }).toString(),
    });
    return `gg_session=${response.cookies.find((c) => c.name === 'gg_session')!.value}`;
  }

  /** An id token of `who` for the client. */
  async function idTokenOf(who: RegisteredUser): Promise<string> {
    const { code, verifier } = await authorizeCode(t.app, who.token, client, 'openid');
    const response = await exchangeCode(t.app, client, code, verifier);
    assert.equal(response.statusCode, 200, response.body);
    return response.data.id_token;
  }

  function assertRedirectError(response: { statusCode: number; headers: Record<string, unknown> }, error: string): void {
    assert.equal(response.statusCode, 302);
    const url = location(response);
    assert.equal(`${url.origin}${url.pathname}`, client.redirectUri);
    assert.equal(url.searchParams.get('error'), error);
    assert.equal(url.searchParams.get('state'), 'st');
    assert.equal(url.searchParams.get('iss'), t.config.issuer);
    assert.equal(url.searchParams.get('code'), null);
  }

  before(async () => {
    t = await createTestApp({ dialect, env: { GUILDGATE_RATE_LIMIT: 'off' } });
    user = await registerUser(t.app);
    other = await registerUser(t.app);
    client = await createTestClient(t.db.store, { ownerId: user.id });
    cookie = await signIn(user);
  });
  after(() => t.close());

  test('prompt=none without a session: login_required by redirect, with iss and state', async () => {
    assertRedirectError(await authorize({ prompt: 'none' }, ''), 'login_required');
  });

  test('prompt=login with a session goes to the sign-in page, which comes back without prompt=login', async () => {
    const response = await authorize({ prompt: 'login consent', login_hint: user.username });
    assert.equal(response.statusCode, 302);
    const url = location(response);
    assert.equal(url.pathname, '/login');
    assert.equal(url.searchParams.get('login_hint'), user.username);
    const back = new URLSearchParams(url.searchParams.get('return_to')!.split('?')[1]);
    assert.equal(back.get('prompt'), 'consent');
    assert.equal(back.get('client_id'), client.clientId);
    const page = await call(t.app, { method: 'GET', url: url.pathname + url.search });
    assert.equal(page.statusCode, 200);
    assert.match(page.body, new RegExp(`name="login" value="${user.username}"`));
    const consentPage = await call(t.app, { method: 'GET', url: url.searchParams.get('return_to')!, headers: { cookie } });
    assert.equal(consentPage.statusCode, 200);
    assert.match(consentPage.body, /<form/);
  });

  test('max_age: an older sign-in means signing in again (or login_required with prompt=none); a fresh one passes', async () => {
    t.clock.advance(120);
    assert.equal((await authorize({ max_age: '600' })).statusCode, 200);
    const stale = await authorize({ max_age: '60' });
    assert.equal(stale.statusCode, 302);
    assert.equal(location(stale).pathname, '/login');
    assert.equal(new URLSearchParams(location(stale).searchParams.get('return_to')!.split('?')[1]).get('max_age'), null);
    assertRedirectError(await authorize({ max_age: '60', prompt: 'none' }), 'login_required');
    const fresh = await signIn(user);
    assert.equal((await authorize({ max_age: '60' }, fresh)).statusCode, 200);
  });

  test('the consent API answers login_required when the sign-in is older than max_age', async () => {
    t.clock.advance(120);
    const { response, redirect } = await consent(t.app, user.token, Object.fromEntries(query({ max_age: '60' })));
    assert.equal(response.statusCode, 200);
    assert.equal(redirect!.searchParams.get('error'), 'login_required');
  });

  test('id_token_hint: the hinted user passes; another signed-in user signs in again; a forged hint is invalid_request', async () => {
    const mine = await idTokenOf(user);
    const theirs = await idTokenOf(other);
    assert.equal(decodeJwt(theirs).sub, other.id);
    assert.equal((await authorize({ id_token_hint: mine })).statusCode, 200);
    const switchUser = await authorize({ id_token_hint: theirs });
    assert.equal(location(switchUser).pathname, '/login');
    assertRedirectError(await authorize({ id_token_hint: theirs, prompt: 'none' }), 'login_required');
    const [header, , signature] = mine.split('.');
    const forged = `${header}.${Buffer.from(JSON.stringify({ ...decodeJwt(mine), sub: other.id })).toString('base64url')}.${signature}`;
    assertRedirectError(await authorize({ id_token_hint: forged }), 'invalid_request');
    assertRedirectError(await authorize({ id_token_hint: 'not-a-jwt' }), 'invalid_request');
  });

  test('ui_locales is accepted; unknown or combined-with-none prompts and a bad max_age are invalid_request', async () => {
    assert.equal((await authorize({ ui_locales: 'fr-CA fr en' })).statusCode, 200);
    assertRedirectError(await authorize({ prompt: 'select_account' }), 'invalid_request');
    assertRedirectError(await authorize({ prompt: 'none login' }), 'invalid_request');
    assertRedirectError(await authorize({ max_age: '-1' }), 'invalid_request');
    assertRedirectError(await authorize({ login_hint: 'x'.repeat(256) }), 'invalid_request');
  });

  test('prompt=none for a banned account: interaction_required, no page', async () => {
    const banned = await registerUser(t.app);
    const bannedCookie = await signIn(banned);
    await t.db.store.users.update(banned.id, { state: 'banned' });
    assertRedirectError(await authorize({ prompt: 'none' }, bannedCookie), 'interaction_required');
  });

  test('auth_time in the id token is the sign-in time of the session that consented', async () => {
    const signedInAt = t.clock.now();
    const session = await call(t.app, { method: 'POST', url: '/api/v1/auth/login', payload: { login: user.username, password: user.password } });
    t.clock.advance(30);
    const { code, verifier } = await authorizeCode(t.app, session.data.token, client, 'openid');
    const claims = decodeJwt((await exchangeCode(t.app, client, code, verifier)).data.id_token);
    assert.equal(claims.auth_time, Math.floor(signedInAt / 1000));
    assert.equal(claims.iat, Math.floor(t.clock.now() / 1000));
    assert.equal((await call(t.app, { method: 'GET', url: '/api/v1/users/@me', headers: bearer(session.data.token) })).statusCode, 200);
  });
});

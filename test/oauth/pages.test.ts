// The sign-in and authorization pages: errors without redirects, login round trip, consent, CSRF, prompt=none and headers.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { call, createTestApp, registerUser, type RegisteredUser, type TestApp } from '../helpers/app.js';
import { createTestClient, type TestClient } from '../helpers/applications.js';
import { exchangeCode, FORM, pkce } from '../helpers/oauth.js';
import { forEachDialect } from '../helpers/stores.js';

const CSRF = /name="csrf_token" value="([^"]+)"/;

function assertPageHeaders(response: { headers: Record<string, unknown> }): void {
  assert.match(String(response.headers['content-security-policy']), /frame-ancestors 'none'/);
  assert.equal(response.headers['x-frame-options'], 'DENY');
  assert.equal(response.headers['referrer-policy'], 'no-referrer');
  assert.equal(response.headers['cache-control'], 'no-store');
  assert.equal(response.headers['content-type'], 'text/html; charset=utf-8');
}

forEachDialect('authorization pages', (dialect) => {
  let t: TestApp;
  let user: RegisteredUser;
  let client: TestClient;
  let cookie: string;

  const authorizeQuery = (overrides: Record<string, string> = {}) => {
    const { challenge } = pkce();
    return new URLSearchParams({
      client_id: client.clientId,
      redirect_uri: client.redirectUri,
      response_type: 'code',
      scope: 'identify email',
      state: 'page-state',
      code_challenge: challenge,
      code_challenge_method: 'S256',
      ...overrides,
    }).toString();
  };
  const getAuthorize = (query: string, withCookie = cookie) =>
    call(t.app, { method: 'GET', url: `/oauth2/authorize?${query}`, headers: withCookie ? { cookie: withCookie } : {} });
  const postConsent = (fields: Record<string, string>, withCookie = cookie) =>
    call(t.app, { method: 'POST', url: '/oauth2/authorize', headers: { ...FORM, cookie: withCookie }, payload: new URLSearchParams(fields).toString() });
  const consentFields = (html: string) =>
    Object.fromEntries([...html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)].map((m) => [m[1]!, m[2]!.replace(/&amp;/g, '&')]));

  async function signIn(who: RegisteredUser, returnTo = '/oauth2/authorize?x=1') {
    const page = await call(t.app, { method: 'GET', url: `/login?return_to=${encodeURIComponent(returnTo)}` });
    const preCookie = page.cookies.find((c) => c.name === 'gg_login_csrf')!;
    const csrf = CSRF.exec(page.body)![1]!;
    const response = await call(t.app, {
      method: 'POST',
      url: '/login',
      headers: { ...FORM, cookie: `gg_login_csrf=${preCookie.value}` },
      payload: new URLSearchParams({ login: who.username, password: who.password, return_to: returnTo, csrf_token: csrf }).toString(),
    });
    return { page, response, preCookie };
  }

  before(async () => {
    t = await createTestApp({ dialect, env: { GUILDGATE_RATE_LIMIT: 'off' } });
    user = await registerUser(t.app);
    client = await createTestClient(t.db.store, {
      ownerId: user.id,
      name: 'Pager <script>alert(1)</script>',
      description: 'Pages & "things"',
      termsOfServiceUrl: 'https://client.example/terms',
      privacyPolicyUrl: 'javascript:alert(1)',
    });
    const session = (await signIn(user)).response.cookies.find((c) => c.name === 'gg_session')!;
    cookie = `gg_session=${session.value}`;
  });
  after(() => t.close());

  test('an unknown client gets a 400 error page, never a redirect', async () => {
    const response = await getAuthorize(authorizeQuery({ client_id: '42' }));
    assert.equal(response.statusCode, 400);
    assert.equal(response.headers.location, undefined);
    assert.match(response.body, /Unknown client_id/);
    assertPageHeaders(response);
  });

  test('an unregistered redirect_uri gets a 400 error page, never a redirect', async () => {
    const response = await getAuthorize(authorizeQuery({ redirect_uri: 'https://evil.example/cb' }));
    assert.equal(response.statusCode, 400);
    assert.equal(response.headers.location, undefined);
    assert.match(response.body, /redirect_uri is not registered/);
  });

  test('a bad scope or a repeated parameter is redirected to the client with state and iss', async () => {
    const bad = await getAuthorize(authorizeQuery({ scope: 'identify wat' }));
    assert.equal(bad.statusCode, 302);
    const location = new URL(String(bad.headers.location));
    assert.equal(location.searchParams.get('error'), 'invalid_scope');
    assert.equal(location.searchParams.get('state'), 'page-state');
    assert.equal(location.searchParams.get('iss'), t.config.issuer);
    const repeated = await getAuthorize(`${authorizeQuery()}&scope=guilds`);
    assert.equal(new URL(String(repeated.headers.location)).searchParams.get('error'), 'invalid_request');
  });

  test('not signed in: the sign-in page first, then back to the authorize URL', async () => {
    const query = authorizeQuery();
    const response = await getAuthorize(query, '');
    assert.equal(response.statusCode, 302);
    const location = new URL(String(response.headers.location), 'http://x');
    assert.equal(location.pathname, '/login');
    const returnTo = location.searchParams.get('return_to')!;
    assert.ok(returnTo.startsWith('/oauth2/authorize?'));
    assert.equal(new URLSearchParams(returnTo.split('?')[1]).get('state'), 'page-state');
    const { response: login } = await signIn(user, returnTo);
    assert.equal(login.statusCode, 303);
    assert.equal(login.headers.location, returnTo);
  });

  test('the sign-in page: labelled form, CSRF token, page headers', async () => {
    const page = await call(t.app, { method: 'GET', url: '/login' });
    assert.equal(page.statusCode, 200);
    assertPageHeaders(page);
    assert.match(page.body, /<label for="login">/);
    assert.match(page.body, /<label for="password">/);
    assert.match(page.body, CSRF);
    assert.doesNotMatch(page.body, /<script/);
    const pre = page.cookies.find((c) => c.name === 'gg_login_csrf')!;
    assert.equal(pre.httpOnly, true);
    assert.equal(pre.sameSite, 'Lax');
  });

  test('signing in sets an HttpOnly SameSite=Lax session cookie (not Secure on an http issuer)', async () => {
    const { response } = await signIn(user);
    const session = response.cookies.find((c) => c.name === 'gg_session')!;
    assert.match(session.value, /^ggs_/);
    assert.equal(session.httpOnly, true);
    assert.equal(session.sameSite, 'Lax');
    assert.equal(session.secure, undefined);
    assert.equal(session.path, '/');
  });

  test('no open redirect after sign-in: absolute and protocol-relative return targets fall back to the start page', async () => {
    for (const target of [
      'https://evil.example/',
      '//evil.example/x',
      '/\\evil.example',
      'javascript:alert(1)',
      '/.//evil.example',
      '/%2F%2Fevil',
      '/%5Cevil',
    ]) {
      const { response } = await signIn(user, target);
      assert.equal(response.statusCode, 303, target);
      assert.equal(response.headers.location, '/', target);
    }
  });

  test('sign-in without or with a wrong CSRF token is refused with 403 and no session', async () => {
    const page = await call(t.app, { method: 'GET', url: '/login' });
    const pre = page.cookies.find((c) => c.name === 'gg_login_csrf')!;
    for (const csrf of [undefined, 'wrong']) {
      const response = await call(t.app, {
        method: 'POST',
        url: '/login',
        headers: { ...FORM, cookie: `gg_login_csrf=${pre.value}` },
        payload: new URLSearchParams({ login: user.username, password: user.password, ...(csrf && { csrf_token: csrf }) }).toString(),
      });
      assert.equal(response.statusCode, 403);
      assert.equal(
        response.cookies.find((c) => c.name === 'gg_session'),
        undefined,
      );
    }
  });

  test('a login with a NUL byte is a failed sign-in, not an error', async () => {
    const { response } = await signIn({ ...user, username: `${user.username}\u0000` });
    assert.equal(response.statusCode, 401);
    assert.match(response.body, /Invalid login or password/);
  });

  test('a wrong password re-renders the sign-in page with 401', async () => {
    const { response } = await signIn({ ...user, password: 'wrong password!' });
    assert.equal(response.statusCode, 401);
    assert.match(response.body, /Invalid login or password/);
    assert.equal(
      response.cookies.find((c) => c.name === 'gg_session'),
      undefined,
    );
  });

  test('the consent page shows the app, the user and each scope in plain words, escaped, with Authorize and Cancel', async () => {
    const response = await getAuthorize(authorizeQuery());
    assert.equal(response.statusCode, 200);
    assertPageHeaders(response);
    assert.match(String(response.headers['content-security-policy']), /form-action 'self' https:\/\/client\.example/);
    assert.match(response.body, /<h1>Pager &lt;script&gt;alert\(1\)&lt;\/script&gt;<\/h1>/);
    assert.doesNotMatch(response.body, /<script>/);
    assert.match(response.body, /Pages &amp; &quot;things&quot;/);
    assert.match(response.body, new RegExp(user.username));
    assert.match(response.body, /Know your username, avatar and banner/);
    assert.match(response.body, /Know your email address/);
    assert.match(response.body, /<a href="https:\/\/client\.example\/terms"/);
    assert.doesNotMatch(response.body, /javascript:/);
    assert.match(response.body, /value="approve">Authorize<\/button>/);
    assert.match(response.body, /value="deny" class="secondary">Cancel<\/button>/);
    assert.match(response.body, CSRF);
  });

  test('CSRF on consent page post: missing, wrong or another session token gets 403 and nothing changes', async () => {
    const other = await registerUser(t.app);
    const otherCookie = `gg_session=${(await signIn(other)).response.cookies.find((c) => c.name === 'gg_session')!.value}`;
    const page = await getAuthorize(authorizeQuery(), otherCookie);
    const fields = consentFields(page.body);
    const ownToken = await getAuthorize(authorizeQuery());
    const cases = [
      { ...fields, csrf_token: undefined },
      { ...fields, csrf_token: 'wrong' },
      { ...fields, csrf_token: CSRF.exec(ownToken.body)![1]! },
    ];
    for (const form of cases) {
      const body = Object.fromEntries(Object.entries({ ...form, decision: 'approve' }).filter(([, v]) => v !== undefined)) as Record<string, string>;
      const response = await postConsent(body, otherCookie);
      assert.equal(response.statusCode, 403);
      assert.equal(response.headers.location, undefined);
      assertPageHeaders(response);
    }
    assert.equal(await t.db.store.authorizations.find(other.id, client.clientId), null);
  });

  test('Authorize posts answer 303 to the client with a code that redeems', async () => {
    const { verifier, challenge } = pkce();
    const page = await getAuthorize(authorizeQuery({ code_challenge: challenge }));
    const response = await postConsent({ ...consentFields(page.body), decision: 'approve' });
    assert.equal(response.statusCode, 303);
    const location = new URL(String(response.headers.location));
    assert.equal(location.searchParams.get('state'), 'page-state');
    assert.equal(location.searchParams.get('iss'), t.config.issuer);
    const tokens = await exchangeCode(t.app, client, location.searchParams.get('code')!, verifier);
    assert.equal(tokens.statusCode, 200);
    assert.equal(tokens.data.scope, 'identify email');
  });

  test('Cancel posts answer 303 with access_denied', async () => {
    const page = await getAuthorize(authorizeQuery());
    const response = await postConsent({ ...consentFields(page.body), decision: 'deny' });
    assert.equal(response.statusCode, 303);
    const location = new URL(String(response.headers.location));
    assert.equal(location.searchParams.get('error'), 'access_denied');
    assert.equal(location.searchParams.get('code'), null);
  });

  test('prompt=none: login_required, consent_required, or a code when a grant covers the scopes', async () => {
    const stranger = await registerUser(t.app);
    const strangerCookie = `gg_session=${(await signIn(stranger)).response.cookies.find((c) => c.name === 'gg_session')!.value}`;
    const noSession = await getAuthorize(authorizeQuery({ prompt: 'none' }), '');
    assert.equal(new URL(String(noSession.headers.location)).searchParams.get('error'), 'login_required');
    const noGrant = await getAuthorize(authorizeQuery({ prompt: 'none' }), strangerCookie);
    assert.equal(noGrant.statusCode, 302);
    assert.equal(new URL(String(noGrant.headers.location)).searchParams.get('error'), 'consent_required');
    const page = await getAuthorize(authorizeQuery({ scope: 'identify' }), strangerCookie);
    await postConsent({ ...consentFields(page.body), decision: 'approve' }, strangerCookie);
    const covered = await getAuthorize(authorizeQuery({ prompt: 'none', scope: 'identify' }), strangerCookie);
    const location = new URL(String(covered.headers.location));
    assert.match(location.searchParams.get('code')!, /^ggc_/);
    assert.equal(location.searchParams.get('iss'), t.config.issuer);
    const wider = await getAuthorize(authorizeQuery({ prompt: 'none', scope: 'identify guilds' }), strangerCookie);
    assert.equal(new URL(String(wider.headers.location)).searchParams.get('error'), 'consent_required');
  });

  test('the stylesheet is served from a route', async () => {
    const css = await call(t.app, { method: 'GET', url: '/assets/guildgate.css' });
    assert.equal(css.statusCode, 200);
    assert.equal(css.headers['content-type'], 'text/css; charset=utf-8');
  });
});

describe('page cookies on an https issuer', () => {
  test('the session cookie is Secure', async () => {
    const t = await createTestApp({ env: { GUILDGATE_ISSUER: 'https://auth.example', GUILDGATE_RATE_LIMIT: 'off' } });
    try {
      const user = await registerUser(t.app);
      const page = await call(t.app, { method: 'GET', url: '/login' });
      const pre = page.cookies.find((c) => c.name === 'gg_login_csrf')!;
      assert.equal(pre.secure, true);
      const response = await call(t.app, {
        method: 'POST',
        url: '/login',
        headers: { ...FORM, cookie: `gg_login_csrf=${pre.value}` },
        payload: new URLSearchParams({ login: user.username, password: user.password, csrf_token: CSRF.exec(page.body)![1]! }).toString(),
      });
      assert.equal(response.statusCode, 303);
      assert.equal(response.cookies.find((c) => c.name === 'gg_session')!.secure, true);
    } finally {
      await t.close();
    }
  });
});

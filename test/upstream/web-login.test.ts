// Browser-style login through an upstream guildgate: the login page link, our state and PKCE, the upstream consent, the callback and the way back.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { call, createTestApp, registerUser, unchanged, type RegisteredUser, type TestApp } from '../helpers/app.js';
import { createTestClient, type TestClient } from '../helpers/applications.js';
import { FORM, pkce } from '../helpers/oauth.js';
import { forEachDialect } from '../helpers/stores.js';
import { APP_REDIRECT, providerEnv, startUpstreamGuildgate, webCallback, type UpstreamGuildgate } from '../helpers/upstream.js';

const STATE_COOKIE = 'gg_upstream_login';

type Response = Awaited<ReturnType<typeof call>>;

function cookieOf(response: Response, name: string) {
  return response.cookies.find((cookie) => cookie.name === name);
}

/** A GET as a browser would send it: path and query of `url`, with the cookie header. */
function visit(app: FastifyInstance, url: string, cookie = ''): Promise<Response> {
  const { pathname, search } = new URL(url, 'http://browser.invalid');
  return call(app, { method: 'GET', url: `${pathname}${search}`, headers: cookie ? { cookie } : {} });
}

forEachDialect('upstream web login', (dialect) => {
  let up: UpstreamGuildgate;
  let t: TestApp;
  let client: TestClient;
  before(async () => {
    up = await startUpstreamGuildgate(dialect);
    // APPONLY allows only an app's redirect URI, not our callback: API logins only, no button.
    const appOnly = providerEnv('APPONLY', {
      CLIENT_ID: 'x',
      CLIENT_SECRET: 'y',
      AUTHORIZE_URL: 'https://a.example/auth',
      TOKEN_URL: 'https://a.example/token',
      API_URL: 'https://a.example/api',
      REDIRECT_URIS: APP_REDIRECT,
    });
    t = await createTestApp({ dialect, env: { ...up.env('GG'), ...appOnly, GUILDGATE_RATE_LIMIT: 'off' } });
    const owner = await registerUser(t.app);
    client = await createTestClient(t.db.store, { ownerId: owner.id, name: 'Downstream Client' });
  });
  after(async () => {
    await t.close();
    await up.close();
  });

  /** Starts the web login; returns the upstream authorization URL and the state cookie. */
  async function start(returnTo: string) {
    const response = await visit(t.app, `/login/upstream/gg?${new URLSearchParams({ return_to: returnTo })}`);
    assert.equal(response.statusCode, 302, response.body);
    const state = cookieOf(response, STATE_COOKIE)!;
    return { response, authorize: new URL(String(response.headers.location)), cookie: `${STATE_COOKIE}=${state.value}`, stateCookie: state };
  }

  /** The user approves on the upstream's own consent page; returns where the upstream sends the browser. */
  async function approveUpstream(user: RegisteredUser, authorize: URL): Promise<URL> {
    const upstreamCookie = `gg_session=${user.token}`;
    const page = await visit(up.t.app, authorize.toString(), upstreamCookie);
    assert.equal(page.statusCode, 200, page.body);
    const fields = Object.fromEntries(
      [...page.body.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)].map((m) => [m[1]!, m[2]!.replace(/&amp;/g, '&')]),
    );
    const decided = await call(up.t.app, {
      method: 'POST',
      url: '/oauth2/authorize',
      headers: { ...FORM, cookie: upstreamCookie },
      payload: new URLSearchParams({ ...fields, decision: 'approve' }).toString(),
    });
    assert.equal(decided.statusCode, 303, decided.body);
    return new URL(String(decided.headers.location));
  }

  test('the login page offers the providers that allow our callback', async () => {
    const page = await visit(t.app, '/login?return_to=%2Foauth2%2Fauthorize%3Fa%3D1');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /<a class="button secondary" href="\/login\/upstream\/gg\?return_to=%2Foauth2%2Fauthorize%3Fa%3D1">Log in with Gg<\/a>/);
    assert.doesNotMatch(page.body, /Apponly/);
  });

  test('from the consent page to the upstream and back, signed in with a login session', async () => {
    const user = await registerUser(up.t.app);
    const { challenge } = pkce();
    const authorizeHere = `/oauth2/authorize?${new URLSearchParams({
      client_id: client.clientId,
      redirect_uri: client.redirectUri,
      response_type: 'code',
      scope: 'identify',
      state: 'client-state',
      code_challenge: challenge,
      code_challenge_method: 'S256',
    })}`;
    const toLogin = await visit(t.app, authorizeHere);
    assert.equal(toLogin.statusCode, 302);
    const loginPage = await visit(t.app, String(toLogin.headers.location));
    const link = /href="(\/login\/upstream\/gg\?[^"]+)"/.exec(loginPage.body)![1]!.replace(/&amp;/g, '&');

    const started = await visit(t.app, link);
    assert.equal(started.statusCode, 302);
    const authorize = new URL(String(started.headers.location));
    assert.equal(`${authorize.origin}${authorize.pathname}`, `${up.t.issuer}/oauth2/authorize`);
    const state = authorize.searchParams.get('state')!;
    assert.match(state, /^[A-Za-z0-9_-]{43}$/);
    assert.match(authorize.searchParams.get('code_challenge')!, /^[A-Za-z0-9_-]{43}$/);
    assert.deepEqual(
      { ...Object.fromEntries(authorize.searchParams), state: 'x', code_challenge: 'x' },
      {
        response_type: 'code',
        client_id: up.client.id,
        redirect_uri: webCallback('gg'),
        scope: 'identify guilds',
        state: 'x',
        code_challenge: 'x',
        code_challenge_method: 'S256',
      },
    );
    const stateCookie = cookieOf(started, STATE_COOKIE)!;
    assert.equal(stateCookie.httpOnly, true);
    assert.equal(stateCookie.sameSite, 'Lax');
    assert.equal(stateCookie.maxAge, 600);

    const callback = await approveUpstream(user, authorize);
    assert.equal(`${callback.origin}${callback.pathname}`, webCallback('gg'));
    assert.equal(callback.searchParams.get('state'), state);
    const landed = await visit(t.app, callback.toString(), `${STATE_COOKIE}=${stateCookie.value}`);
    assert.equal(landed.statusCode, 302, landed.body);
    assert.equal(landed.headers.location, authorizeHere);
    assert.equal(cookieOf(landed, STATE_COOKIE)?.value, '');
    const session = cookieOf(landed, 'gg_session')!;
    assert.equal(session.httpOnly, true);
    assert.equal(session.maxAge, 3600);

    const consentPage = await visit(t.app, authorizeHere, `gg_session=${session.value}`);
    assert.equal(consentPage.statusCode, 200);
    assert.match(consentPage.body, /Downstream Client/);
    assert.ok(consentPage.body.includes(user.username));
    const me = await call(t.app, { method: 'GET', url: '/api/v1/sessions/@me', headers: { authorization: `Bearer ${session.value}` } });
    assert.deepEqual(me.data, { user_id: user.id, session_id: me.data.session_id, state: 'normal', type: 'login' });
  });

  test('the state cookie is encrypted: nothing in it is readable, the PKCE verifier least of all', async () => {
    const { authorize, stateCookie } = await start('/a-place-to-return-to');
    const parts = stateCookie.value.split('.');
    assert.equal(parts.length, 5);
    assert.deepEqual(JSON.parse(Buffer.from(parts[0]!, 'base64url').toString('utf8')), { alg: 'dir', enc: 'A256GCM' });
    const readable = [stateCookie.value, ...parts.map((part) => Buffer.from(part, 'base64url').toString('latin1'))].join('\n');
    for (const secret of ['verifier', 'a-place-to-return-to', authorize.searchParams.get('state')!, '"provider"'])
      assert.equal(readable.includes(secret), false, secret);
  });

  test('a replayed callback (the same cookie and state) is refused before anything goes upstream', async () => {
    const user = await registerUser(up.t.app);
    const { authorize, cookie } = await start('/home');
    const callback = await approveUpstream(user, authorize);
    const landed = await visit(t.app, callback.toString(), cookie);
    assert.equal(landed.statusCode, 302, landed.body);
    const replayed = await unchanged(t.db, () => visit(t.app, callback.toString(), cookie));
    assert.equal(replayed.statusCode, 400);
    assert.match(replayed.body, /The sign-in with Gg expired or was already used\. Go back and try again\./);
    assert.equal(cookieOf(replayed, 'gg_session'), undefined);
  });

  test('return_to is only ever a local path', async () => {
    const user = await registerUser(up.t.app);
    for (const returnTo of ['https://evil.example/x', '//evil.example/x', '/\\evil.example', '/.//evil.example', '/%2F%2Fevil.example', '/./\\evil.example']) {
      const { authorize, cookie } = await start(returnTo);
      const landed = await visit(t.app, (await approveUpstream(user, authorize)).toString(), cookie);
      assert.equal(landed.statusCode, 302);
      assert.equal(landed.headers.location, '/', returnTo);
    }
  });

  test('a callback that does not match a login started in this browser shows the error page and changes nothing', async () => {
    const { authorize, cookie, stateCookie } = await start('/somewhere');
    const state = authorize.searchParams.get('state')!;
    // One bit of the ciphertext flipped: AES-GCM refuses it.
    const parts = stateCookie.value.split('.');
    const ciphertext = Buffer.from(parts[3]!, 'base64url');
    ciphertext[0]! ^= 1;
    const tampered = [...parts.slice(0, 3), ciphertext.toString('base64url'), parts[4]].join('.');
    const cases: [string, string][] = [
      [`state=wrong&code=abc`, cookie],
      [`state=${state}&code=abc`, ''],
      [`state=${state}&code=abc`, `${STATE_COOKIE}=${tampered}`],
      [`state=${state}&state=${state}&code=abc`, cookie],
    ];
    for (const [query, withCookie] of cases) {
      const response = await unchanged(t.db, () => visit(t.app, `/login/upstream/gg/callback?${query}`, withCookie));
      assert.equal(response.statusCode, 400, query);
      assert.match(response.body, /The sign-in with Gg expired or did not start in this browser\. Go back and try again\./);
      assert.equal(response.headers['cache-control'], 'no-store');
    }
    t.clock.advance(601);
    const expired = await unchanged(t.db, () => visit(t.app, `/login/upstream/gg/callback?state=${state}&code=abc`, cookie));
    assert.equal(expired.statusCode, 400);
    assert.match(expired.body, /expired or did not start in this browser/);
  });

  test('an upstream error or refusal on the callback shows the error page and changes nothing', async () => {
    const denied = await start('/x');
    const cancelled = await unchanged(t.db, () =>
      visit(t.app, `/login/upstream/gg/callback?error=access_denied&state=${denied.authorize.searchParams.get('state')}`, denied.cookie),
    );
    assert.equal(cancelled.statusCode, 400);
    assert.match(cancelled.body, /Gg did not sign you in: access_denied/);

    const refused = await start('/x');
    const before = await t.db.snapshot();
    const rejected = await visit(
      t.app,
      `/login/upstream/gg/callback?code=ggc_not-a-real-code&state=${refused.authorize.searchParams.get('state')}`,
      refused.cookie,
    );
    assert.equal(rejected.statusCode, 400);
    assert.match(rejected.body, /Gg rejected the code: invalid_grant: /);
    assert.equal(cookieOf(rejected, 'gg_session'), undefined);
    // The state was used up before the code went upstream; nothing else changed.
    const after = await t.db.snapshot();
    assert.equal(after.upstream_login_states!.length, before.upstream_login_states!.length - 1);
    assert.deepEqual({ ...after, upstream_login_states: [] }, { ...before, upstream_login_states: [] });
  });

  test('a provider that is unknown or does not allow our callback has no web login', async () => {
    for (const path of ['/login/upstream/nope', '/login/upstream/apponly', '/login/upstream/apponly/callback?code=a&state=b']) {
      const response = await unchanged(t.db, () => visit(t.app, path));
      assert.equal(response.statusCode, 404, path);
      assert.match(response.body, /This server offers no sign-in with that provider\./);
    }
  });
});

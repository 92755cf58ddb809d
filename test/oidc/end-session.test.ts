// RP-Initiated Logout 1.0: post_logout_redirect_uris on the application (API, CLI), the end_session_endpoint through
// openid-client, the confirmation form without a matching hint, and refusals that redirect nowhere.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import * as client from 'openid-client';
import { bearer, call, registerUser, type RegisteredUser } from '../helpers/app.js';
import { guildgate } from '../helpers/cli.js';
import { FrozenClock } from '../helpers/clock.js';
import { listeningTestApp } from '../helpers/listening.js';
import { consent, FORM } from '../helpers/oauth.js';
import { pkceAuthorizationUrl } from '../helpers/openid-client.js';

const CSRF = /name="csrf_token" value="([^"]+)"/;
const SIGNED_OUT = 'https://rp.example/signed-out';

describe('RP-initiated logout (sqlite)', () => {
  let t: Awaited<ReturnType<typeof listeningTestApp>>;
  let owner: RegisteredUser;
  let app: { id: string; client_secret: string };
  let config: client.Configuration;

  /** Signs in through the sign-in page: the session token of the cookie, usable as a bearer token too. */
  async function signIn(who: RegisteredUser): Promise<string> {
    const page = await call(t.app, { method: 'GET', url: '/login' });
    const pre = page.cookies.find((c) => c.name === 'gg_login_csrf')!;
    const response = await call(t.app, {
      method: 'POST',
      url: '/login',
      headers: { ...FORM, cookie: `gg_login_csrf=${pre.value}` },
      payload: new URLSearchParams({ login: who.username, password: who.password, return_to: '/', csrf_token: CSRF.exec(page.body)![1]! }).toString(),
    });
    return response.cookies.find((c) => c.name === 'gg_session')!.value;
  }

  async function idTokenFor(sessionToken: string): Promise<string> {
    const { url, verifier } = await pkceAuthorizationUrl(config, {
      redirect_uri: 'https://rp.example/cb',
      scope: 'openid',
      state: 's',
    });
    const { redirect } = await consent(t.app, sessionToken, Object.fromEntries(url.searchParams));
    return (await client.authorizationCodeGrant(config, redirect!, { pkceCodeVerifier: verifier, expectedState: 's' })).id_token!;
  }

  const sessionWorks = async (token: string) => (await call(t.app, { method: 'GET', url: '/api/v1/users/@me', headers: bearer(token) })).statusCode === 200;
  const get = (url: URL | string, token?: string) =>
    call(t.app, { method: 'GET', url: String(url).replace(t.issuer, ''), headers: token ? { cookie: `gg_session=${token}` } : {} });

  before(async () => {
    t = await listeningTestApp('sqlite', {}, new FrozenClock(Date.now()));
    owner = await registerUser(t.app);
    const created = await call(t.app, {
      method: 'POST',
      url: '/api/v1/oauth2/applications',
      headers: bearer(owner.token),
      payload: { name: 'Logout RP', redirect_uris: ['https://rp.example/cb'], post_logout_redirect_uris: [SIGNED_OUT] },
    });
    assert.equal(created.statusCode, 201, created.body);
    assert.deepEqual(created.data.post_logout_redirect_uris, [SIGNED_OUT]);
    app = created.data;
    config = await client.discovery(new URL(t.issuer), app.id, app.client_secret, undefined, { execute: [client.allowInsecureRequests] });
  });
  after(() => t.close());

  test('discovery names the end_session_endpoint', () => {
    assert.equal(config.serverMetadata().end_session_endpoint, `${t.issuer}/oauth2/logout`);
  });

  test('post_logout_redirect_uris follow the redirect URI rules; a bad one is a 400 naming it and changes nothing', async () => {
    const bad = await call(t.app, {
      method: 'PATCH',
      url: `/api/v1/oauth2/applications/${app.id}`,
      headers: bearer(owner.token),
      payload: { post_logout_redirect_uris: [SIGNED_OUT, 'http://rp.example/plain-http'] },
    });
    assert.equal(bad.statusCode, 400);
    assert.equal(bad.data.errors[0].field, 'post_logout_redirect_uris.1');
    const read = await call(t.app, { method: 'GET', url: `/api/v1/oauth2/applications/${app.id}`, headers: bearer(owner.token) });
    assert.deepEqual(read.data.post_logout_redirect_uris, [SIGNED_OUT]);
  });

  test('the CLI registers post-logout redirect URIs', async () => {
    const env = { GUILDGATE_DATABASE_URL: `sqlite:${t.db.file}`, GUILDGATE_SECRET: t.config.secret!, GUILDGATE_DATA_DIR: t.config.dataDir };
    const created = await guildgate(
      ['app', 'create', '--owner', owner.username, '--name', 'CLI RP', '--post-logout-redirect-uri', 'https://cli.example/bye'],
      env,
    );
    assert.equal(created.code, 0, created.stderr);
    const id = /^client id:\s+(\S+)/m.exec(created.stdout)![1]!;
    assert.deepEqual((await t.db.store.applications.findById(id))!.postLogoutRedirectUris, ['https://cli.example/bye']);
    const refused = await guildgate(['app', 'create', '--owner', owner.username, '--name', 'Bad RP', '--post-logout-redirect-uri', 'ftp://x'], env);
    assert.equal(refused.code, 2);
    assert.match(refused.stderr, /post_logout_redirect_uris\.0/);
  });

  test('with an id_token_hint of the signed-in user: the session ends and the user goes back with state', async () => {
    const user = await registerUser(t.app);
    const session = await signIn(user);
    const idToken = await idTokenFor(session);
    const url = client.buildEndSessionUrl(config, { id_token_hint: idToken, post_logout_redirect_uri: SIGNED_OUT, state: 'bye state' });
    const response = await get(url, session);
    assert.equal(response.statusCode, 302);
    assert.equal(response.headers.location, `${SIGNED_OUT}?state=bye+state`);
    assert.equal(response.cookies.find((c) => c.name === 'gg_session')?.value, '');
    assert.equal(await sessionWorks(session), false);
  });

  test('without a hint the user confirms through a CSRF-bound form', async () => {
    const user = await registerUser(t.app);
    const session = await signIn(user);
    const page = await get(`/oauth2/logout?client_id=${app.id}&post_logout_redirect_uri=${encodeURIComponent(SIGNED_OUT)}&state=s2`, session);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Sign out of guildgate\?/);
    assert.equal(await sessionWorks(session), true, 'nothing ends before the user confirms');
    const fields = Object.fromEntries([...page.body.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)].map((m) => [m[1]!, m[2]!]));
    const post = (extra: Record<string, string>) =>
      call(t.app, {
        method: 'POST',
        url: '/oauth2/logout',
        headers: { ...FORM, cookie: `gg_session=${session}` },
        payload: new URLSearchParams({ ...fields, ...extra }).toString(),
      });
    assert.equal((await post({ csrf_token: 'forged' })).statusCode, 403);
    assert.equal(await sessionWorks(session), true);
    const confirmed = await post({});
    assert.equal(confirmed.statusCode, 303);
    assert.equal(confirmed.headers.location, `${SIGNED_OUT}?state=s2`);
    assert.equal(await sessionWorks(session), false);
  });

  test('an unregistered post_logout_redirect_uri or a forged hint is a 400 page: no redirect, the session stays', async () => {
    const user = await registerUser(t.app);
    const session = await signIn(user);
    const unregistered = await get(`/oauth2/logout?client_id=${app.id}&post_logout_redirect_uri=${encodeURIComponent('https://evil.example/')}`, session);
    assert.equal(unregistered.statusCode, 400);
    assert.equal(unregistered.headers.location, undefined);
    assert.match(unregistered.body, /post_logout_redirect_uri is not registered for this application/);
    const noClient = await get(`/oauth2/logout?post_logout_redirect_uri=${encodeURIComponent(SIGNED_OUT)}`, session);
    assert.equal(noClient.statusCode, 400);
    const idToken = await idTokenFor(session);
    const [header, payload] = idToken.split('.');
    const forged = await get(`/oauth2/logout?id_token_hint=${header}.${payload}.AAAA&post_logout_redirect_uri=${encodeURIComponent(SIGNED_OUT)}`, session);
    assert.equal(forged.statusCode, 400);
    assert.equal(await sessionWorks(session), true);
  });

  test('without a session or a post-logout URI: the signed-out page', async () => {
    const response = await get('/oauth2/logout');
    assert.equal(response.statusCode, 200);
    assert.match(response.body, /You are signed out/);
  });
});

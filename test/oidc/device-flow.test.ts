// The device authorization grant (RFC 8628) with openid-client 6 polling to completion while the user approves on the
// /device page, and each polling answer of the token endpoint with its exact body.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import * as client from 'openid-client';
import { digestToken } from '../../src/crypto/tokens.js';
import { call, registerUser, unchanged, type RegisteredUser } from '../helpers/app.js';
import { createTestClient, type TestClient } from '../helpers/applications.js';
import { FrozenClock } from '../helpers/clock.js';
import { answerOnPage, pollDevice, startDevice } from '../helpers/device.js';
import { listeningTestApp } from '../helpers/listening.js';
import { sessionCookie } from '../helpers/pages.js';
import { forEachDialect } from '../helpers/stores.js';

type Listening = Awaited<ReturnType<typeof listeningTestApp>>;

forEachDialect('device authorization grant', (dialect) => {
  let t: Listening;
  let user: RegisteredUser;
  let rp: TestClient;
  let publicClient: TestClient;

  before(async () => {
    // A minute in the past: the server's clock moves ahead as polls go by, and clients check token times against theirs.
    t = await listeningTestApp(dialect, {}, new FrozenClock(Date.now() - 60_000));
    user = await registerUser(t.app);
    rp = await createTestClient(t.db.store, { ownerId: user.id, name: 'Living Room TV' });
    publicClient = await createTestClient(t.db.store, { ownerId: user.id, method: 'none' });
  });
  after(() => t.close());

  /** A fresh device authorization of `scope` for the client; its device code and user code. */
  async function started(who = rp, scope = 'identify'): Promise<{ deviceCode: string; userCode: string }> {
    const response = await startDevice(t.app, who, { scope });
    assert.equal(response.statusCode, 200, response.body);
    return { deviceCode: response.data.device_code, userCode: response.data.user_code };
  }

  const row = (deviceCode: string) => t.db.store.deviceCodes.find(digestToken(deviceCode));

  test('openid-client polls to completion while the user approves on the page; the id token names the user', async () => {
    const configuration = await client.discovery(new URL(t.issuer), rp.clientId, rp.clientSecret!, client.ClientSecretBasic(rp.clientSecret!), {
      execute: [client.allowInsecureRequests],
    });
    assert.equal(configuration.serverMetadata().device_authorization_endpoint, `${t.issuer}/api/v1/oauth2/device/code`);
    const authorization = await client.initiateDeviceAuthorization(configuration, { scope: 'openid identify' });
    assert.match(authorization.user_code, /^[BCDFGHJKLMNPQRSTVWXZ]{4}-[BCDFGHJKLMNPQRSTVWXZ]{4}$/);
    assert.equal(authorization.verification_uri, `${t.issuer}/device`);
    assert.equal(authorization.verification_uri_complete, `${t.issuer}/device?user_code=${authorization.user_code}`);
    assert.deepEqual([authorization.expires_in, authorization.interval], [600, 5]);

    // The device waits the interval between polls: the server's clock moves by it before each one, and the user
    // approves after the first answer (authorization_pending).
    const answers: string[] = [];
    configuration[client.customFetch] = async (url, options) => {
      const polling = url === `${t.issuer}/api/v1/oauth2/token`;
      if (polling) t.clock.advance(authorization.interval!);
      const response = await fetch(url, options as RequestInit);
      if (polling) {
        const body = await response.clone().json();
        answers.push(body.error ?? 'tokens');
        if (body.error === 'authorization_pending') {
          const complete = new URL(authorization.verification_uri_complete!);
          const page = await call(t.app, { method: 'GET', url: `${complete.pathname}${complete.search}`, headers: { cookie: sessionCookie(user) } });
          assert.match(page.body, new RegExp(`value="${authorization.user_code}"`), 'the code is filled in');
          const approved = await answerOnPage(t.app, sessionCookie(user), authorization.user_code, 'approve');
          assert.equal(approved.statusCode, 200);
          assert.match(approved.body, /<h1>Device connected<\/h1>/);
        }
      }
      return response;
    };
    // The library waits `interval` seconds of real time between polls; the server's clock stands in for that wait.
    const tokens = await client.pollDeviceAuthorizationGrant(configuration, { ...authorization, interval: 0 });
    assert.deepEqual(answers, ['authorization_pending', 'tokens']);
    assert.equal(tokens.scope, 'openid identify');
    const claims = tokens.claims()!;
    assert.equal(claims.sub, user.id);
    assert.equal(claims.aud, rp.clientId);
    assert.equal(claims.iss, t.issuer);
    assert.deepEqual(claims.amr, ['pwd']);
    const info = await client.fetchUserInfo(configuration, tokens.access_token, user.id);
    assert.equal(info.sub, user.id);
    // The refresh token works like any other, with a new id token for the same user.
    const refreshed = await client.refreshTokenGrant(configuration, tokens.refresh_token!);
    assert.equal(refreshed.claims()!.sub, user.id);
    // The approval is a grant like a consent: the application is listed among the user's authorized apps.
    const authorizations = await call(t.app, { method: 'GET', url: '/api/v1/oauth2/@me/authorizations', headers: { authorization: `Bearer ${user.token}` } });
    assert.deepEqual(
      authorizations.data.map((entry: { application: { id: string }; scopes: string[] }) => [entry.application.id, entry.scopes]),
      [[rp.clientId, ['openid', 'identify']]],
    );
  });

  test('polling answers authorization_pending, then slow_down when early (the interval grows by 5 s), then tokens once', async () => {
    const { deviceCode, userCode } = await started(publicClient);
    const pending = await pollDevice(t.app, publicClient, deviceCode);
    assert.equal(pending.statusCode, 400);
    assert.deepEqual(pending.data, { error: 'authorization_pending', error_description: 'The user has not answered yet' });
    assert.equal(pending.headers['cache-control'], 'no-store');

    t.clock.advance(4);
    const early = await pollDevice(t.app, publicClient, deviceCode);
    assert.equal(early.statusCode, 400);
    assert.deepEqual(early.data, { error: 'slow_down', error_description: 'Polling too fast; wait 10 seconds between requests' });
    assert.equal((await row(deviceCode))?.pollInterval, 10);
    // 5 s (the old interval) is now too early; 10 s is not.
    t.clock.advance(5);
    assert.deepEqual((await pollDevice(t.app, publicClient, deviceCode)).data, {
      error: 'slow_down',
      error_description: 'Polling too fast; wait 15 seconds between requests',
    });
    t.clock.advance(15);
    assert.equal((await pollDevice(t.app, publicClient, deviceCode)).data.error, 'authorization_pending');

    assert.equal((await answerOnPage(t.app, sessionCookie(user), userCode, 'approve')).statusCode, 200);
    t.clock.advance(15);
    const tokens = await pollDevice(t.app, publicClient, deviceCode);
    assert.equal(tokens.statusCode, 200, tokens.body);
    assert.deepEqual(Object.keys(tokens.data).sort(), ['access_token', 'expires_in', 'refresh_token', 'scope', 'token_type']);
    assert.equal(tokens.data.scope, 'identify');
    const me = await call(t.app, { method: 'GET', url: '/api/v1/users/@me', headers: { authorization: `Bearer ${tokens.data.access_token}` } });
    assert.equal(me.data.id, user.id);

    t.clock.advance(15);
    const again = await pollDevice(t.app, publicClient, deviceCode);
    assert.equal(again.statusCode, 400);
    assert.deepEqual(again.data, { error: 'invalid_grant', error_description: 'The device code was already used' });
  });

  test('a denied request answers access_denied, on every later poll too', async () => {
    const { deviceCode, userCode } = await started();
    const denied = await answerOnPage(t.app, sessionCookie(user), userCode, 'deny');
    assert.equal(denied.statusCode, 200);
    assert.match(denied.body, /<h1>Request denied<\/h1>/);
    for (let poll = 0; poll < 2; poll++) {
      t.clock.advance(5);
      const response = await pollDevice(t.app, rp, deviceCode);
      assert.equal(response.statusCode, 400);
      assert.deepEqual(response.data, { error: 'access_denied', error_description: 'The user denied the request' });
    }
    assert.deepEqual(await row(deviceCode).then((code) => [code?.status, code?.userId, code?.authorizationId]), ['denied', user.id, null]);
  });

  test('an expired device code answers expired_token, approved or not', async () => {
    const { deviceCode } = await started();
    t.clock.advance(600);
    const response = await pollDevice(t.app, rp, deviceCode);
    assert.equal(response.statusCode, 400);
    assert.deepEqual(response.data, { error: 'expired_token', error_description: 'The device code has expired; start again' });
  });

  test("an unknown device code, another client's, or none: invalid_grant / invalid_request, and nothing changes", async () => {
    const { deviceCode } = await started();
    t.clock.advance(5);
    const invalid = { error: 'invalid_grant', error_description: 'Invalid device code' };
    await unchanged(t.db, async () => {
      const unknown = await pollDevice(t.app, rp, 'ggdc_no-such-device-code');
      assert.deepEqual([unknown.statusCode, unknown.data], [400, invalid]);
      const otherClient = await pollDevice(t.app, publicClient, deviceCode);
      assert.deepEqual([otherClient.statusCode, otherClient.data], [400, invalid]);
      const missing = await pollDevice(t.app, rp, '');
      assert.deepEqual([missing.statusCode, missing.data], [400, { error: 'invalid_request', error_description: 'device_code is required' }]);
      const tooLong = await pollDevice(t.app, rp, 'x'.repeat(257));
      assert.equal(tooLong.statusCode, 400);
      assert.equal(tooLong.data.error, 'invalid_request');
    });
  });
});

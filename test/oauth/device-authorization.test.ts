// The device authorization endpoint and the /device page (RFC 8628 3.1-3.3): client authentication as at the token
// endpoint, codes stored only as digests, sign-in and CSRF on the page, bad codes refused with nothing changed, and the
// per-user and per-address guess limits counted before the lookup.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { digestToken } from '../../src/crypto/tokens.js';
import { OAUTH_LIMITS } from '../../src/limits/limits.js';
import { call, createTestApp, registerUser, unchanged, type RegisteredUser, type TestApp } from '../helpers/app.js';
import { createTestClient, type TestClient } from '../helpers/applications.js';
import { answerOnPage, DEVICE_AUTHORIZATION, startDevice } from '../helpers/device.js';
import { basic, postForm } from '../helpers/oauth.js';
import { alertText, csrfOf, postPage, sessionCookie } from '../helpers/pages.js';

const UNKNOWN = 'This code is unknown or has expired. Check the code on your device, or start again there.';
const MALFORMED = 'Enter the code your device shows: 8 letters, like BCDF-GHJK.';

describe('device authorization endpoint', () => {
  let t: TestApp;
  let confidential: TestClient;
  let publicClient: TestClient;
  before(async () => {
    t = await createTestApp({ env: { GUILDGATE_ISSUER: 'https://auth.example' } });
    const owner = await registerUser(t.app);
    confidential = await createTestClient(t.db.store, { ownerId: owner.id });
    publicClient = await createTestClient(t.db.store, { ownerId: owner.id, method: 'none' });
  });
  after(() => t.close());

  test('a public client with its client_id alone gets codes; only their digests are stored', async () => {
    const response = await startDevice(t.app, publicClient, { scope: 'identify email' });
    assert.equal(response.statusCode, 200, response.body);
    assert.equal(response.headers['cache-control'], 'no-store');
    const { device_code, user_code, ...rest } = response.data;
    assert.match(device_code, /^ggdc_[A-Za-z0-9_-]{43}$/);
    assert.match(user_code, /^[BCDFGHJKLMNPQRSTVWXZ]{4}-[BCDFGHJKLMNPQRSTVWXZ]{4}$/);
    assert.deepEqual(rest, {
      verification_uri: 'https://auth.example/device',
      verification_uri_complete: `https://auth.example/device?user_code=${user_code}`,
      expires_in: 600,
      interval: 5,
    });
    const stored = await t.db.store.deviceCodes.find(digestToken(device_code));
    assert.deepEqual(
      [stored?.applicationId, stored?.scopes, stored?.status, stored?.expiresAt],
      [publicClient.clientId, ['identify', 'email'], 'pending', t.clock.now() + 600_000],
    );
    const everything = JSON.stringify(await t.db.snapshot());
    for (const secret of [device_code, user_code, user_code.replace('-', '')]) assert.ok(!everything.includes(secret), 'a code is stored in the clear');
  });

  test('bad requests answer RFC 6749 errors and store nothing', async () => {
    await unchanged(t.db, async () => {
      const cases: [Record<string, string>, Record<string, string>, number, { error: string; error_description: string }][] = [
        [{ scope: '' }, basic(confidential.clientId, confidential.clientSecret!), 400, { error: 'invalid_scope', error_description: 'scope is required' }],
        [
          { scope: 'identify bot' },
          basic(confidential.clientId, confidential.clientSecret!),
          400,
          { error: 'invalid_scope', error_description: 'Not available with the device flow: bot' },
        ],
        [
          { scope: 'identify nope' },
          basic(confidential.clientId, confidential.clientSecret!),
          400,
          { error: 'invalid_scope', error_description: 'Unknown scope: nope' },
        ],
        [{ scope: 'identify' }, basic(confidential.clientId, 'wrong'), 401, { error: 'invalid_client', error_description: 'Client authentication failed' }],
        [
          { scope: 'identify', client_id: confidential.clientId },
          {},
          401,
          { error: 'invalid_client', error_description: 'This client must authenticate with its secret' },
        ],
        [{ scope: 'identify', client_id: '123456789' }, {}, 401, { error: 'invalid_client', error_description: 'Client authentication failed' }],
        [{ scope: 'identify' }, {}, 401, { error: 'invalid_client', error_description: 'Client authentication is required' }],
      ];
      for (const [params, headers, status, body] of cases) {
        const response = await postForm(t.app, DEVICE_AUTHORIZATION, params, headers);
        assert.deepEqual([response.statusCode, response.data], [status, body], JSON.stringify(params));
      }
      const json = await call(t.app, { method: 'POST', url: DEVICE_AUTHORIZATION, payload: { client_id: publicClient.clientId, scope: 'identify' } });
      assert.deepEqual(
        [json.statusCode, json.data],
        [400, { error: 'invalid_request', error_description: 'The body must be application/x-www-form-urlencoded' }],
      );
    });
  });
});

describe('the /device page', () => {
  let t: TestApp;
  let user: RegisteredUser;
  let cookie: string;
  let client: TestClient;
  before(async () => {
    t = await createTestApp();
    user = await registerUser(t.app);
    cookie = sessionCookie(user);
    client = await createTestClient(t.db.store, { ownerId: user.id, name: 'Console', description: 'A game console' });
  });
  after(() => t.close());

  const userCodeOf = async () => (await startDevice(t.app, client)).data.user_code as string;
  const enter = async (userCode: string) => postPage(t.app, '/device', cookie, { csrf_token: await csrfOf(t.app, cookie, '/device'), user_code: userCode });

  test('without a session: to the sign-in page, coming back with the code', async () => {
    const response = await call(t.app, { method: 'GET', url: '/device?user_code=BCDF-GHJK' });
    assert.equal(response.statusCode, 302);
    assert.equal(response.headers.location, '/login?return_to=%2Fdevice%3Fuser_code%3DBCDF-GHJK');
    const post = await call(t.app, {
      method: 'POST',
      url: '/device',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'user_code=BCDF-GHJK',
    });
    assert.deepEqual([post.statusCode, post.headers.location], [303, '/login?return_to=%2Fdevice']);
  });

  test('the code from verification_uri_complete is filled in, normalised; a malformed one is not', async () => {
    const filled = await call(t.app, { method: 'GET', url: '/device?user_code=bcdf%20gh-jk', headers: { cookie } });
    assert.equal(filled.statusCode, 200);
    assert.match(filled.body, /name="user_code" value="BCDF-GHJK"/);
    const malformed = await call(t.app, { method: 'GET', url: `/device?user_code=${'B'.repeat(40)}`, headers: { cookie } });
    assert.match(malformed.body, /name="user_code" value=""/);
  });

  test('the consent screen shows the application, its scopes and the code; lower case and spaces are accepted', async () => {
    const userCode = await userCodeOf();
    const response = await enter(` ${userCode.toLowerCase().replace('-', ' ')} `);
    assert.equal(response.statusCode, 200);
    assert.match(response.body, /<h1>Console<\/h1>/);
    assert.match(response.body, /<p>A game console<\/p>/);
    assert.match(response.body, /<li>Know your username, avatar and banner<\/li>/);
    assert.match(response.body, new RegExp(`Code: <strong>${userCode}</strong>`));
  });

  test('a post without the CSRF token is refused and changes nothing', async () => {
    const userCode = await userCodeOf();
    await unchanged(t.db, async () => {
      const response = await postPage(t.app, '/device/decision', cookie, { user_code: userCode, decision: 'approve' });
      assert.equal(response.statusCode, 403);
    });
  });

  test('unknown, malformed, too long, expired and answered codes: 400 with the form again, nothing changed', async () => {
    const answered = await userCodeOf();
    assert.equal((await answerOnPage(t.app, cookie, answered, 'deny')).statusCode, 200);
    const expired = await userCodeOf();
    t.clock.advance(600);
    await unchanged(t.db, async () => {
      for (const [code, message] of [
        ['BCDF-GHJK', UNKNOWN],
        [expired, UNKNOWN],
        [answered, UNKNOWN],
        ['AEIO-U123', MALFORMED],
        ['BCDF-GHJ', MALFORMED],
        ['BCDF-GHJKL', MALFORMED],
        [`BCDF-GHJK${' '.repeat(30)}`, MALFORMED],
        ['B'.repeat(5000), MALFORMED],
      ]) {
        const response = await enter(code!);
        assert.equal(response.statusCode, 400, code);
        assert.equal(alertText(response.body), message, code);
        assert.match(response.body, /name="user_code" value=""/);
        const decision = await postPage(t.app, '/device/decision', cookie, {
          csrf_token: await csrfOf(t.app, cookie, '/device'),
          user_code: code!,
          decision: 'approve',
        });
        assert.deepEqual([decision.statusCode, alertText(decision.body)], [400, message], code);
      }
    });
  });

  test('a decision other than approve or deny is refused; the request stays pending', async () => {
    const userCode = await userCodeOf();
    await unchanged(t.db, async () => {
      const response = await postPage(t.app, '/device/decision', cookie, {
        csrf_token: await csrfOf(t.app, cookie, '/device'),
        user_code: userCode,
        decision: 'maybe',
      });
      assert.deepEqual([response.statusCode, alertText(response.body)], [400, 'Choose Authorize or Cancel']);
    });
  });
});

describe('guessing user codes', () => {
  let t: TestApp;
  let client: TestClient;
  before(async () => {
    t = await createTestApp();
    client = await createTestClient(t.db.store, { ownerId: (await registerUser(t.app)).id });
  });
  after(() => t.close());

  /** Tries a code as the user from the address; the response. */
  async function attempt(user: RegisteredUser, code: string, address = '127.0.0.1') {
    const cookie = sessionCookie(user);
    const csrf = await csrfOf(t.app, cookie, '/device');
    return call(t.app, {
      method: 'POST',
      url: '/device',
      remoteAddress: address,
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ csrf_token: csrf, user_code: code }).toString(),
    });
  }

  test(`a user gets ${OAUTH_LIMITS.userCodesPerUser} lookups per 10 minutes; the next is refused before the lookup, even with the right code`, async () => {
    const guesser = await registerUser(t.app);
    const right = (await startDevice(t.app, client)).data.user_code as string;
    for (let i = 0; i < OAUTH_LIMITS.userCodesPerUser; i++) assert.equal((await attempt(guesser, 'BCDF-GHJK', '10.0.0.1')).statusCode, 400);
    await unchanged(t.db, async () => {
      const refused = await attempt(guesser, right, '10.0.0.2');
      assert.equal(refused.statusCode, 429);
      assert.equal(refused.headers['retry-after'], '600');
      assert.equal(refused.headers['x-ratelimit-bucket'], 'device-user-code-user');
      assert.doesNotMatch(refused.body, /Authorize/);
    });
    // A malformed code is refused before anything is counted or looked up.
    assert.equal((await attempt(guesser, 'AAAA-AAAA', '10.0.0.2')).statusCode, 400);
    // Another user is not held back by this one.
    assert.equal((await attempt(await registerUser(t.app), right, '10.0.0.3')).statusCode, 200);
    // The window ends (and with it the code, which lives as long): the user may try again.
    t.clock.advance(600);
    const fresh = (await startDevice(t.app, client)).data.user_code as string;
    assert.equal((await attempt(guesser, fresh, '10.0.0.2')).statusCode, 200);
  });

  test(`an address gets ${OAUTH_LIMITS.userCodesPerAddress} lookups per 10 minutes, whoever signs in`, async () => {
    const users = await Promise.all(
      Array.from({ length: Math.ceil(OAUTH_LIMITS.userCodesPerAddress / OAUTH_LIMITS.userCodesPerUser) + 1 }, () => registerUser(t.app)),
    );
    for (let i = 0; i < OAUTH_LIMITS.userCodesPerAddress; i++) {
      const response = await attempt(users[Math.floor(i / OAUTH_LIMITS.userCodesPerUser)]!, 'BCDF-GHJK', '10.0.1.1');
      assert.equal(response.statusCode, 400);
    }
    const refused = await attempt(users[users.length - 1]!, 'BCDF-GHJK', '10.0.1.1');
    assert.equal(refused.statusCode, 429);
    assert.equal(refused.headers['x-ratelimit-bucket'], 'device-user-code-address');
  });
});

// A page given state it cannot read (a login state cookie that decrypts but does not parse, after a secret or format
// change) answers an HTML error page with a 4xx status, never JSON or a bare 500.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { CompactEncrypt } from 'jose';
import { derivedKey } from '../../src/crypto/key-encryption.js';
import { STATE_KEY_PURPOSE } from '../../src/http/routes/upstream-pages.js';
import { call, createTestApp, type TestApp } from '../helpers/app.js';
import { providerEnv, webCallback } from '../helpers/upstream.js';

const STATE_COOKIE = 'gg_upstream_login';

describe('pages and unreadable state', () => {
  let t: TestApp;
  before(async () => {
    const provider = providerEnv('GG', {
      CLIENT_ID: 'downstream',
      CLIENT_SECRET: 'secret',
      AUTHORIZE_URL: 'https://upstream.example/oauth2/authorize',
      TOKEN_URL: 'https://upstream.example/api/v1/oauth2/token',
      API_URL: 'https://upstream.example/api/v1',
      REDIRECT_URIS: webCallback('GG'),
    });
    t = await createTestApp({ env: provider });
  });
  after(() => t.close());

  /** A cookie sealed the way the login start seals it (encrypted with the server's state key), around any payload. */
  function sealed(payload: string): Promise<string> {
    const key = derivedKey(t.config.secret!, STATE_KEY_PURPOSE);
    return new CompactEncrypt(new TextEncoder().encode(payload)).setProtectedHeader({ alg: 'dir', enc: 'A256GCM' }).encrypt(key);
  }

  async function callback(cookieValue: string) {
    return call(t.app, { method: 'GET', url: '/login/upstream/gg/callback?state=s&code=c', headers: { cookie: `${STATE_COOKIE}=${cookieValue}` } });
  }

  for (const [name, payload] of [
    ['not JSON', 'not json {'],
    ['JSON of another shape', JSON.stringify({ provider: 'gg', state: 's' })],
    ['JSON null', 'null'],
  ] as const) {
    test(`a login state cookie that decrypts but is ${name} answers the 400 sign-in page`, async () => {
      const response = await callback(await sealed(payload));
      assert.equal(response.statusCode, 400);
      assert.equal(response.headers['content-type'], 'text/html; charset=utf-8');
      assert.match(response.body, /<h1>Sign-in failed<\/h1>/);
      assert.match(response.body, /expired or did not start in this browser/);
      assert.doesNotMatch(response.body, /"code"|at .*\.ts:\d+/);
    });
  }

  test('the same sealing around a complete pending login is read: the page gets past the cookie to the upstream answer', async () => {
    const pending = { provider: 'gg', state: 's', verifier: 'v', returnTo: '/', expiresAt: t.clock.now() + 60_000 };
    const response = await call(t.app, {
      method: 'GET',
      url: '/login/upstream/gg/callback?state=s&error=access_denied',
      headers: { cookie: `${STATE_COOKIE}=${await sealed(JSON.stringify(pending))}` },
    });
    assert.equal(response.statusCode, 400);
    assert.match(response.body, /Gg did not sign you in: access_denied/);
  });

  test('a well-formed login state still gets past the state check', async () => {
    const start = await call(t.app, { method: 'GET', url: '/login/upstream/gg' });
    assert.equal(start.statusCode, 302);
    const cookie = start.cookies.find((c) => c.name === STATE_COOKIE)!;
    const state = new URL(String(start.headers.location)).searchParams.get('state')!;
    const response = await call(t.app, {
      method: 'GET',
      url: `/login/upstream/gg/callback?state=${state}&error=access_denied`,
      headers: { cookie: `${STATE_COOKIE}=${cookie.value}` },
    });
    assert.equal(response.statusCode, 400);
    assert.match(response.body, /Gg did not sign you in: access_denied/);
  });
});

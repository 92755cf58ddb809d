// Every response carries the security headers (worked out once at start-up), API answers, errors and 404s included.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { helmetHeaders } from '../../src/http/plugins/security-headers.js';
import { bearer, call, createTestApp, registerUser, type TestApp } from '../helpers/app.js';

const EXPECTED = {
  'content-security-policy':
    "default-src 'self';base-uri 'self';font-src 'self' https: data:;form-action 'self';frame-ancestors 'none';img-src 'self' data:;object-src 'none';script-src 'self';script-src-attr 'none';style-src 'self' https: 'unsafe-inline';upgrade-insecure-requests",
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'origin-agent-cluster': '?1',
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
  'x-dns-prefetch-control': 'off',
  'x-download-options': 'noopen',
  'x-frame-options': 'DENY',
  'x-permitted-cross-domain-policies': 'none',
  'x-xss-protection': '0',
};

function securityHeaders(headers: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.keys(EXPECTED).map((name) => [name, headers[name]]));
}

describe('security headers', () => {
  let t: TestApp;
  let https: TestApp;
  before(async () => {
    t = await createTestApp();
    https = await createTestApp({ env: { GUILDGATE_ISSUER: 'https://id.example' } });
  });
  after(async () => {
    await t.close();
    await https.close();
  });

  test('an API answer, a 401, an OAuth error and a 404 all carry the full set, and no HSTS over http', async () => {
    const answers = [
      await call(t.app, { method: 'GET', url: '/healthz' }),
      await call(t.app, { method: 'GET', url: '/api/v1/users/@me', headers: bearer('ggat_nope') }),
      await call(t.app, { method: 'POST', url: '/api/v1/oauth2/token', payload: {} }),
      await call(t.app, { method: 'GET', url: '/api/v1/nothing' }),
    ];
    assert.deepEqual(
      answers.map((a) => a.statusCode),
      [200, 401, 400, 404],
    );
    for (const answer of answers) {
      assert.deepEqual(securityHeaders(answer.headers), EXPECTED);
      assert.equal(answer.headers['strict-transport-security'], undefined);
      assert.match(String(answer.headers['x-request-id']), /^[0-9a-f-]{36}$/);
    }
  });

  test('every API answer is no-store and nosniff, those carrying tokens and secrets included; cacheable routes opt in', async () => {
    const user = await registerUser(t.app);
    const app = await call(t.app, { method: 'POST', url: '/api/v1/oauth2/applications', headers: bearer(user.token), payload: { name: 'Headers' } });
    const answers = [
      await call(t.app, { method: 'POST', url: '/api/v1/auth/register', payload: { username: 'headers_2', password: 'long enough pw' } }),
      await call(t.app, { method: 'POST', url: '/api/v1/auth/login', payload: { login: user.username, password: user.password } }),
      await call(t.app, { method: 'POST', url: '/api/v1/sessions', headers: bearer(user.token), payload: { name: 'script', type: 'api', expires_in: 60 } }),
      app,
      await call(t.app, { method: 'POST', url: `/api/v1/oauth2/applications/${app.data.id}/client-secret/reset`, headers: bearer(user.token) }),
      await call(t.app, { method: 'POST', url: `/api/v1/oauth2/applications/${app.data.id}/bot/reset-token`, headers: bearer(user.token) }),
      await call(t.app, { method: 'GET', url: '/api/v1/users/@me', headers: bearer(user.token) }),
      await call(t.app, { method: 'GET', url: '/healthz' }),
      await call(t.app, { method: 'GET', url: '/api/v1/nothing' }),
    ];
    assert.deepEqual(
      answers.map((a) => a.statusCode),
      [201, 200, 201, 201, 200, 200, 200, 200, 404],
    );
    for (const answer of answers) {
      assert.equal(answer.headers['cache-control'], 'no-store', answer.body);
      assert.equal(answer.headers['x-content-type-options'], 'nosniff');
    }
    const discovery = await call(t.app, { method: 'GET', url: '/.well-known/oauth-authorization-server' });
    assert.equal(discovery.headers['cache-control'], 'public, max-age=3600');
    assert.equal(discovery.headers['x-content-type-options'], 'nosniff');
  });

  test('an https issuer adds HSTS', async () => {
    const answer = await call(https.app, { method: 'GET', url: '/healthz' });
    assert.equal(answer.headers['strict-transport-security'], 'max-age=31536000; includeSubDomains');
    assert.deepEqual(securityHeaders(answer.headers), EXPECTED);
  });

  test('helmet options that make helmet fail are reported at start-up, not per request', () => {
    assert.throws(() => helmetHeaders({ contentSecurityPolicy: { directives: { defaultSrc: ["'self'"], 'bad name': ["'self'"] } } }));
  });
});

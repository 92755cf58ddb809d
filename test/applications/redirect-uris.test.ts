// Redirect URI rules: each refused URI answers 400 INVALID_FORM_BODY naming its index, and nothing is written.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { redirectUriProblem, validateRedirectUris, webUrlProblem } from '../../src/applications/redirect-uris.js';
import { bearer, call, createTestApp, registerUser, type RegisteredUser, type TestApp } from '../helpers/app.js';
import { createApplication, getApplication, listApplications } from '../helpers/applications.js';
import { forEachDialect } from '../helpers/stores.js';

const LOOPBACK_ONLY = 'must use https; http is allowed only on loopback hosts (127.0.0.1, [::1], localhost)';
const SCHEME = 'must use https, http on a loopback host, or a private-use reverse-DNS scheme such as com.example.app:/callback';

/** Each rule with a URI that breaks it and the message it gets. */
const REFUSED: [string, string][] = [
  ['/relative/callback', 'must be an absolute URI'],
  ['https:app.example/cb', 'must be an absolute URI'],
  ['http://app.example/cb', LOOPBACK_ONLY],
  ['http://127.0.0.2/cb', LOOPBACK_ONLY],
  ['https://app.example/cb#section', 'must not contain a fragment (#)'],
  ['https://*.app.example/cb', 'must not contain a wildcard (*)'],
  ['https://user:pass@app.example/cb', 'must not contain user information (user:password@)'],
  ['https://user@app.example/cb', 'must not contain user information (user:password@)'],
  [`https://app.example/${'a'.repeat(2030)}`, 'must be at most 2048 characters'],
  ['https://app.example/c b', 'must not contain whitespace or control characters'],
  ['myapp:/callback', SCHEME],
  ['javascript:alert(1)', SCHEME],
  ['data:text/html,hi', SCHEME],
  ['file:///etc/passwd', SCHEME],
  ['com.example.app:', 'must have a path after the scheme, such as com.example.app:/callback'],
  ['', 'must not be empty'],
];

const ACCEPTED = [
  'https://app.example/callback?x=1',
  'http://127.0.0.1:8080/cb',
  'http://[::1]/cb',
  'http://localhost:3000/auth/callback',
  'com.example.app:/oauth2redirect',
  'com.example.app://callback',
  `https://app.example/${'a'.repeat(2048 - 'https://app.example/'.length)}`,
];

describe('redirect URI rules', () => {
  test('accepted URIs have no problem', () => {
    for (const uri of ACCEPTED) assert.equal(redirectUriProblem(uri), null, uri);
  });

  test('each rule refuses with its own message', () => {
    for (const [uri, problem] of REFUSED) assert.equal(redirectUriProblem(uri), problem, uri);
  });

  test('web URLs must be absolute http(s)', () => {
    assert.equal(webUrlProblem('https://app.example/terms'), null);
    assert.equal(webUrlProblem('http://app.example/privacy'), null);
    assert.equal(webUrlProblem('ftp://app.example/terms'), 'must be an absolute http(s) URL');
    assert.equal(webUrlProblem('javascript:alert(1)'), 'must be an absolute http(s) URL');
    assert.equal(webUrlProblem('app.example/terms'), 'must be an absolute http(s) URL');
  });

  test('a list names every bad entry, duplicates included, under the given field', () => {
    assert.throws(
      () => validateRedirectUris(['https://a.example/cb', 'http://b.example', 'https://a.example/cb'], 'event_webhooks_url'),
      (error: { status: number; errors: unknown }) => {
        assert.equal(error.status, 400);
        assert.deepEqual(error.errors, [
          { field: 'event_webhooks_url.1', message: LOOPBACK_ONLY },
          { field: 'event_webhooks_url.2', message: 'duplicates event_webhooks_url.0' },
        ]);
        return true;
      },
    );
  });
});

forEachDialect('redirect URIs over HTTP', (dialect) => {
  let t: TestApp;
  let owner: RegisteredUser;
  let existing: any;
  before(async () => {
    t = await createTestApp({ dialect });
    owner = await registerUser(t.app);
    existing = await createApplication(t.app, owner);
  });
  after(() => t.close());

  const write = (method: 'POST' | 'PATCH', payload: object) =>
    call(t.app, {
      method,
      url: method === 'POST' ? '/api/v1/oauth2/applications' : `/api/v1/oauth2/applications/${existing.id}`,
      headers: bearer(owner.token),
      payload: method === 'POST' ? { name: 'New', ...payload } : payload,
    });

  test('each refused redirect URI answers 400 naming redirect_uris.N, on create and on PATCH, and nothing changes', async () => {
    const listBefore = await listApplications(t.app, owner);
    for (const [uri, rule] of REFUSED) {
      // Over HTTP the schema's length cap answers first, before any rule runs.
      const problem = uri.length > 2048 ? 'must NOT have more than 2048 characters' : rule;
      for (const method of ['POST', 'PATCH'] as const) {
        const response = await write(method, { redirect_uris: ['https://ok.example/cb', uri] });
        assert.equal(response.statusCode, 400, uri);
        assert.deepEqual(response.data, {
          code: 'INVALID_FORM_BODY',
          message: `Invalid request: redirect_uris.1 ${problem}`,
          errors: [{ field: 'redirect_uris.1', message: problem }],
        });
      }
    }
    assert.deepEqual(await listApplications(t.app, owner), listBefore);
  });

  test('more than 10 redirect URIs answer 400 on redirect_uris', async () => {
    const uris = Array.from({ length: 11 }, (_, i) => `https://app.example/cb${i}`);
    for (const method of ['POST', 'PATCH'] as const) {
      const response = await write(method, { redirect_uris: uris });
      assert.equal(response.statusCode, 400);
      assert.deepEqual(response.data, {
        code: 'INVALID_FORM_BODY',
        message: 'Invalid redirect_uris: must have at most 10 entries',
        errors: [{ field: 'redirect_uris', message: 'must have at most 10 entries' }],
      });
    }
    const ten = await write('PATCH', { redirect_uris: uris.slice(0, 10) });
    assert.equal(ten.statusCode, 200);
    await write('PATCH', { redirect_uris: existing.redirect_uris });
  });

  test('duplicate redirect URIs answer 400 naming the repeat', async () => {
    const response = await write('POST', { redirect_uris: ['https://a.example/cb', 'https://b.example/cb', 'https://a.example/cb'] });
    assert.equal(response.statusCode, 400);
    assert.deepEqual(response.data, {
      code: 'INVALID_FORM_BODY',
      message: 'Invalid request: redirect_uris.2 duplicates redirect_uris.0',
      errors: [{ field: 'redirect_uris.2', message: 'duplicates redirect_uris.0' }],
    });
  });

  test('terms and privacy URLs must be http(s)', async () => {
    for (const field of ['terms_of_service_url', 'privacy_policy_url']) {
      const response = await write('PATCH', { [field]: 'javascript:alert(1)' });
      assert.equal(response.statusCode, 400);
      assert.deepEqual(response.data, {
        code: 'INVALID_FORM_BODY',
        message: `Invalid ${field}: must be an absolute http(s) URL`,
        errors: [{ field, message: 'must be an absolute http(s) URL' }],
      });
    }
    const read = await getApplication(t.app, owner, existing.id);
    assert.deepEqual([read.terms_of_service_url, read.privacy_policy_url, read.redirect_uris], [null, null, existing.redirect_uris]);
  });
});

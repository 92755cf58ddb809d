// Every JSON answer is `application/json` with no charset parameter; pages, stylesheets and scripts keep theirs.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { bearer, call, createTestApp, registerUser, type TestApp } from '../helpers/app.js';
import { postForm } from '../helpers/oauth.js';

describe('JSON media type', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
  });
  after(() => t.close());

  test('success, API error, OAuth error, 404, probe and OpenAPI answers are exactly application/json', async () => {
    const user = await registerUser(t.app);
    const answers = [
      [await call(t.app, { method: 'GET', url: '/api/v1/users/@me', headers: bearer(user.token) }), 200],
      [await call(t.app, { method: 'GET', url: '/api/v1/users/@me' }), 401],
      [await postForm(t.app, '/api/v1/oauth2/token', { grant_type: 'password' }), 400],
      [await call(t.app, { method: 'GET', url: '/api/v1/nothing' }), 404],
      [await call(t.app, { method: 'GET', url: '/healthz' }), 200],
      [await call(t.app, { method: 'GET', url: '/openapi.json' }), 200],
    ] as const;
    for (const [response, status] of answers) {
      assert.equal(response.statusCode, status, response.body);
      assert.equal(response.headers['content-type'], 'application/json');
      assert.ok(response.data !== undefined, 'the body parses as JSON');
    }
  });

  test('pages, the stylesheet and the script keep their own media types with charset', async () => {
    const page = await call(t.app, { method: 'GET', url: '/login' });
    assert.equal(page.statusCode, 200);
    assert.equal(page.headers['content-type'], 'text/html; charset=utf-8');
    const css = await call(t.app, { method: 'GET', url: '/assets/guildgate.css' });
    assert.equal(css.headers['content-type'], 'text/css; charset=utf-8');
    const script = await call(t.app, { method: 'GET', url: '/assets/guildgate.js' });
    assert.equal(script.headers['content-type'], 'text/javascript; charset=utf-8');
  });
});

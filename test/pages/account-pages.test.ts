// Account pages: registering through the form, sign-out, the start page, the signed-in guard and the pages' security headers.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { call, createTestApp, registerUser, unchanged, type RegisteredUser, type TestApp } from '../helpers/app.js';
import { FORM } from '../helpers/oauth.js';
import { alertText, csrfOf, CSRF_INPUT, postPage, sessionCookie } from '../helpers/pages.js';
import { forEachDialect } from '../helpers/stores.js';

/** Opens /register (optionally with a return path) and answers the pre-session cookie and the form's token. */
async function registrationForm(t: TestApp, returnTo?: string) {
  const page = await call(t.app, { method: 'GET', url: returnTo ? `/register?return_to=${encodeURIComponent(returnTo)}` : '/register' });
  const pre = page.cookies.find((cookie) => cookie.name === 'gg_login_csrf')!;
  return { page, cookie: `gg_login_csrf=${pre.value}`, csrf: CSRF_INPUT.exec(page.body)![1]! };
}

forEachDialect('account pages', (dialect) => {
  let t: TestApp;
  let user: RegisteredUser;

  const register = async (fields: Record<string, string>, returnTo?: string) => {
    const form = await registrationForm(t, returnTo);
    const payload = new URLSearchParams({
      csrf_token: form.csrf,
      password: 'correct horse battery',
      password_confirm: 'correct horse battery',
      ...(returnTo && { return_to: returnTo }),
      ...fields,
    });
    return call(t.app, { method: 'POST', url: '/register', headers: { ...FORM, cookie: form.cookie }, payload: payload.toString() });
  };

  before(async () => {
    t = await createTestApp({ dialect, env: { GUILDGATE_RATE_LIMIT: 'off' } });
    user = await registerUser(t.app);
  });
  after(() => t.close());

  test('the registration page: labelled fields, a CSRF token bound to a pre-session cookie, no script', async () => {
    const { page } = await registrationForm(t);
    assert.equal(page.statusCode, 200);
    for (const field of ['username', 'email', 'password', 'password_confirm']) assert.match(page.body, new RegExp(`<label for="f-${field}">`));
    assert.match(page.body, CSRF_INPUT);
    assert.doesNotMatch(page.body, /<script/);
    assert.equal(
      page.headers['content-security-policy'],
      "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    );
  });

  test('registering creates the account, signs in with an HttpOnly SameSite=Lax cookie and returns to the local path', async () => {
    const response = await register({ username: 'page_reg', email: 'page_reg@example.com' }, '/settings/sessions');
    assert.equal(response.statusCode, 303);
    assert.equal(response.headers.location, '/settings/sessions');
    const session = response.cookies.find((cookie) => cookie.name === 'gg_session')!;
    assert.match(session.value, /^ggs_/);
    assert.equal(session.httpOnly, true);
    assert.equal(session.sameSite, 'Lax');
    const me = await call(t.app, { method: 'GET', url: '/api/v1/users/@me', headers: { authorization: `Bearer ${session.value}` } });
    assert.equal(me.data.username, 'page_reg');
    assert.equal(me.data.email, 'page_reg@example.com');
  });

  test('registration refusals re-render the form with 400 or 409 and change nothing', async () => {
    const cases: [Record<string, string>, number, string][] = [
      [{ username: 'x' }, 400, 'Please fix the following: Username is not in the accepted format'],
      [{ username: 'short_pw', password: 'short', password_confirm: 'short' }, 400, 'Please fix the following: Password must not have fewer than 8 characters'],
      [{ username: 'mismatch', password_confirm: 'another password' }, 400, 'Please fix the following: Confirm password does not match the password'],
      [{ username: 'bad_email', email: 'nope' }, 400, 'Please fix the following: Email is not in the accepted format'],
      [{ username: 'nul_email', email: 'a\u0000@b.example' }, 400, 'The form contains a NUL character'],
      [{ username: user.username }, 409, 'That username or email is already registered'],
      [{ username: 'fresh_page_name', email: 'page_reg@example.com' }, 409, 'That username or email is already registered'],
    ];
    for (const [fields, status, message] of cases) {
      const response = await unchanged(t.db, () => register(fields));
      assert.equal(response.statusCode, status, JSON.stringify(fields));
      assert.equal(alertText(response.body), message);
      assert.equal(
        response.cookies.find((cookie) => cookie.name === 'gg_session'),
        undefined,
      );
      assert.match(response.body, new RegExp(`value="${fields.username}"`), 'the username is kept');
    }
  });

  test('registration without its CSRF token is refused with 403 and creates nothing', async () => {
    const form = await registrationForm(t);
    for (const csrf of [undefined, 'forged']) {
      const payload = new URLSearchParams({
        username: 'csrf_less',
        password: 'correct horse battery',
        password_confirm: 'correct horse battery',
        ...(csrf && { csrf_token: csrf }),
      });
      const response = await unchanged(t.db, () =>
        call(t.app, { method: 'POST', url: '/register', headers: { ...FORM, cookie: form.cookie }, payload: payload.toString() }),
      );
      assert.equal(response.statusCode, 403);
    }
  });

  test('signed-in pages send anyone without a session to the sign-in page, coming back afterwards', async () => {
    const page = await call(t.app, { method: 'GET', url: '/developers/applications?x=1' });
    assert.equal(page.statusCode, 302);
    assert.equal(page.headers.location, `/login?return_to=${encodeURIComponent('/developers/applications?x=1')}`);
    const post = await unchanged(t.db, () => postPage(t.app, '/settings/sessions', 'gg_session=ggs_unknown', { name: 'x', expires_in: '0' }));
    assert.equal(post.statusCode, 303);
    assert.equal(post.headers.location, `/login?return_to=${encodeURIComponent('/settings/sessions')}`);
    const apiToken = await call(t.app, {
      method: 'POST',
      url: '/api/v1/sessions',
      headers: { authorization: `Bearer ${user.token}` },
      payload: { name: 'api', type: 'api', expires_in: 0 },
    });
    const withApiToken = await call(t.app, { method: 'GET', url: '/', headers: { cookie: `gg_session=${apiToken.data.token}` } });
    assert.equal(withApiToken.statusCode, 302, 'an API token is not a browser session');
  });

  test('signed-in pages: the start page, strict CSP allowing only own scripts, no inline script or style', async () => {
    const page = await call(t.app, { method: 'GET', url: '/', headers: { cookie: sessionCookie(user) } });
    assert.equal(page.statusCode, 200);
    assert.equal(
      page.headers['content-security-policy'],
      "default-src 'none'; style-src 'self'; img-src 'self'; script-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    );
    assert.equal(page.headers['x-frame-options'], 'DENY');
    assert.equal(page.headers['cache-control'], 'no-store');
    assert.deepEqual(
      [...page.body.matchAll(/<script[^>]*>/g)].map((m) => m[0]),
      ['<script src="/assets/guildgate.js" defer>'],
    );
    assert.doesNotMatch(page.body, / style=|<style/);
    assert.match(page.body, /<main class="page">/);
    assert.match(page.body, /<nav aria-label="Main">/);
    assert.match(page.body, /<h1>Welcome, /);
    const script = await call(t.app, { method: 'GET', url: '/assets/guildgate.js' });
    assert.equal(script.statusCode, 200);
    assert.equal(script.headers['content-type'], 'text/javascript; charset=utf-8');
    assert.match(script.body, /data-copy/);
  });

  test('the start page lists the guilds the user manages, with their integrations', async () => {
    const owned = await call(t.app, {
      method: 'POST',
      url: '/api/v1/guilds',
      headers: { authorization: `Bearer ${user.token}` },
      payload: { name: 'Owned <guild>' },
    });
    const other = await registerUser(t.app);
    const joined = await call(t.app, {
      method: 'POST',
      url: '/api/v1/guilds',
      headers: { authorization: `Bearer ${other.token}` },
      payload: { name: 'Joined guild' },
    });
    await call(t.app, {
      method: 'PUT',
      url: `/api/v1/guilds/${joined.data.id}/members/${user.id}`,
      headers: { authorization: `Bearer ${other.token}` },
      payload: {},
    });
    const page = await call(t.app, { method: 'GET', url: '/', headers: { cookie: sessionCookie(user) } });
    assert.match(page.body, new RegExp(`<li>Owned &lt;guild&gt;: <a href="/guilds/${owned.data.id}/integrations">integrations</a></li>`));
    assert.doesNotMatch(page.body, /Joined guild/, 'a member without MANAGE_GUILD does not manage it');
  });

  test('signing out ends the session and clears the cookie', async () => {
    const other = await registerUser(t.app);
    const cookie = sessionCookie(other);
    const response = await postPage(t.app, '/logout', cookie, { csrf_token: await csrfOf(t.app, cookie) });
    assert.equal(response.statusCode, 303);
    assert.equal(response.headers.location, '/login');
    const cleared = response.cookies.find((c) => c.name === 'gg_session')!;
    assert.equal(cleared.value, '');
    assert.equal(cleared.httpOnly, true);
    const after = await call(t.app, { method: 'GET', url: '/api/v1/sessions/@me', headers: { authorization: `Bearer ${other.token}` } });
    assert.equal(after.statusCode, 401);
  });

  test('an unknown page under a signed-in section is an HTML 404 page', async () => {
    const response = await call(t.app, { method: 'GET', url: '/developers/applications/12345', headers: { cookie: sessionCookie(user) } });
    assert.equal(response.statusCode, 404);
    assert.equal(response.headers['content-type'], 'text/html; charset=utf-8');
    assert.equal(alertText(response.body), 'Unknown application');
    const badId = await call(t.app, { method: 'GET', url: '/developers/applications/not-an-id', headers: { cookie: sessionCookie(user) } });
    assert.equal(badId.statusCode, 400);
    assert.equal(badId.headers['content-type'], 'text/html; charset=utf-8');
  });
});

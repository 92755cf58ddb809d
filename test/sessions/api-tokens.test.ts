// Sessions and API tokens (seed 004): current session, creation with expiry, listing without secrets, revocation.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { bearer, call, createTestApp, registerUser, unchanged, type TestApp } from '../helpers/app.js';
import { forEachDialect } from '../helpers/stores.js';
import { MAX_EXPIRES_IN } from '../../src/http/schemas/sessions.js';

forEachDialect('sessions and API tokens', (dialect) => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp({ dialect });
  });
  after(() => t.close());

  const createToken = (token: string, payload: unknown) =>
    call(t.app, { method: 'POST', url: '/api/v1/sessions', headers: bearer(token), payload: payload as object });

  test('GET /sessions/@me describes the login session', async () => {
    const user = await registerUser(t.app);
    const response = await call(t.app, { method: 'GET', url: '/api/v1/sessions/@me', headers: bearer(user.token) });
    assert.equal(response.statusCode, 200);
    assert.deepEqual(response.data, { user_id: user.id, session_id: user.sessionId, state: 'normal', type: 'login' });
  });

  test('an API token is shown once, works, expires on time, and lists without its secret', async () => {
    const user = await registerUser(t.app);
    const created = await createToken(user.token, { name: 'deploy bot', type: 'api', expires_in: 120 });
    assert.equal(created.statusCode, 201);
    assert.match(created.data.token, /^gga_[A-Za-z0-9_-]{43}$/);
    assert.deepEqual(
      { ...created.data, token: undefined, session_id: undefined },
      {
        token: undefined,
        session_id: undefined,
        user_id: user.id,
        name: 'deploy bot',
        type: 'api',
        expires_at: new Date(t.clock.now() + 120_000).toISOString(),
      },
    );
    const me = await call(t.app, { method: 'GET', url: '/api/v1/sessions/@me', headers: bearer(created.data.token) });
    assert.deepEqual(me.data, { user_id: user.id, session_id: created.data.session_id, state: 'normal', type: 'api' });

    const list = await call(t.app, { method: 'GET', url: '/api/v1/sessions', headers: bearer(user.token) });
    assert.equal(list.statusCode, 200);
    assert.equal(list.body.includes(created.data.token), false);
    assert.deepEqual(
      list.data.map((s: { id: string; type: string; current: boolean }) => [s.id, s.type, s.current]).sort(),
      [
        [created.data.session_id, 'api', false],
        [user.sessionId, 'login', true],
      ].sort(),
    );

    t.clock.advance(121);
    const expired = await call(t.app, { method: 'GET', url: '/api/v1/sessions/@me', headers: bearer(created.data.token) });
    assert.equal(expired.statusCode, 401);
    assert.equal(expired.headers['www-authenticate'], 'Bearer realm="guildgate", error="invalid_token"');
  });

  test('expires_in 0 never expires, and the largest value is clamped to the latest date', async () => {
    const user = await registerUser(t.app);
    const forever = await createToken(user.token, { name: 'forever', type: 'api', expires_in: 0 });
    assert.equal(forever.statusCode, 201);
    assert.equal(forever.data.expires_at, null);
    const huge = await createToken(user.token, { name: 'huge', type: 'api', expires_in: MAX_EXPIRES_IN });
    assert.equal(huge.statusCode, 201);
    assert.equal(huge.data.expires_at, '+275760-09-13T00:00:00.000Z');
    t.clock.advance(10 * 365 * 86400);
    assert.equal((await call(t.app, { method: 'GET', url: '/api/v1/sessions/@me', headers: bearer(forever.data.token) })).statusCode, 200);
  });

  test('bad API token requests are refused and create nothing', async () => {
    const user = await registerUser(t.app);
    const cases: [unknown, string][] = [
      [{ name: 'x', type: 'login', expires_in: 60 }, 'type'],
      [{ name: 'x', type: 'api', expires_in: -1 }, 'expires_in'],
      [{ name: 'x', type: 'api', expires_in: 1.5 }, 'expires_in'],
      [{ name: 'x', type: 'api', expires_in: '60' }, 'expires_in'],
      [{ name: 'x', type: 'api', expires_in: MAX_EXPIRES_IN * 10 }, 'expires_in'],
      [{ type: 'api', expires_in: 60 }, 'name'],
      [{ name: '', type: 'api', expires_in: 60 }, 'name'],
      [{ name: 'x', type: 'api', expires_in: 60, scopes: [] }, 'scopes'],
    ];
    for (const [payload, field] of cases) {
      const response = await unchanged(t.db, () => createToken(user.token, payload));
      assert.equal(response.statusCode, 400, JSON.stringify(payload));
      assert.equal(response.data.code, 'INVALID_FORM_BODY');
      assert.equal(response.data.errors[0].field, field, JSON.stringify(payload));
    }
  });

  test('deleting an API token kills it; another user cannot delete it', async () => {
    const owner = await registerUser(t.app);
    const stranger = await registerUser(t.app);
    const created = await createToken(owner.token, { name: 'ci', type: 'api', expires_in: 0 });
    const foreign = await unchanged(t.db, () =>
      call(t.app, { method: 'DELETE', url: `/api/v1/sessions/${created.data.session_id}`, headers: bearer(stranger.token) }),
    );
    assert.equal(foreign.statusCode, 404);
    assert.deepEqual(foreign.data, { code: 'UNKNOWN_SESSION', message: 'Unknown session' });
    const deleted = await call(t.app, { method: 'DELETE', url: `/api/v1/sessions/${created.data.session_id}`, headers: bearer(owner.token) });
    assert.equal(deleted.statusCode, 204);
    assert.equal((await call(t.app, { method: 'GET', url: '/api/v1/sessions/@me', headers: bearer(created.data.token) })).statusCode, 401);
  });

  test('a malformed session id is a 400', async () => {
    const user = await registerUser(t.app);
    const response = await unchanged(t.db, () => call(t.app, { method: 'DELETE', url: '/api/v1/sessions/not-a-uuid', headers: bearer(user.token) }));
    assert.equal(response.statusCode, 400);
    assert.equal(response.data.errors[0].field, 'id');
  });

  test('missing, malformed, unknown and foreign-scheme credentials get 401 with a Bearer challenge', async () => {
    const cases: [Record<string, string>, string][] = [
      [{}, 'Missing Authorization header'],
      [{ authorization: 'Bearer' }, 'Missing Authorization header'],
      [{ authorization: 'Basic dXNlcjpwYXNz' }, 'Unsupported authorization scheme'],
      [{ authorization: 'Bearer ggs_notarealtoken' }, 'Invalid or expired token'],
      [{ authorization: 'Bearer something-else' }, 'Invalid or expired token'],
    ];
    for (const [headers, message] of cases) {
      const response = await call(t.app, { method: 'GET', url: '/api/v1/sessions/@me', headers });
      assert.equal(response.statusCode, 401, JSON.stringify(headers));
      assert.deepEqual(response.data, { code: 'UNAUTHORIZED', message });
      assert.match(String(response.headers['www-authenticate']), /^Bearer realm="guildgate"/);
    }
  });

  test('the /api alias reaches the same routes', async () => {
    const user = await registerUser(t.app);
    const response = await call(t.app, { method: 'GET', url: '/api/sessions/@me', headers: bearer(user.token) });
    assert.equal(response.statusCode, 200);
    assert.equal(response.data.session_id, user.sessionId);
  });
});

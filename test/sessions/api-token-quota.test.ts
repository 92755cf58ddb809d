// Per-user API token quota (GUILDGATE_API_TOKEN_LIMIT): live tokens count, revoked and expired ones do not, and
// concurrent requests of one user cannot go past it.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { bearer, call, createTestApp, registerUser, unchanged, type TestApp } from '../helpers/app.js';
import { forEachDialect } from '../helpers/stores.js';

const LIMIT = 3;
const MAX_API_TOKENS = { code: 'MAX_API_TOKENS', message: `You can hold at most ${LIMIT} API tokens; revoke one first` };

forEachDialect('API token quota', (dialect) => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp({ dialect, env: { GUILDGATE_API_TOKEN_LIMIT: String(LIMIT) } });
  });
  after(() => t.close());

  const createToken = (token: string, expiresIn = 0) =>
    call(t.app, { method: 'POST', url: '/api/v1/sessions', headers: bearer(token), payload: { name: 'script', type: 'api', expires_in: expiresIn } });

  test('past the limit: 400 MAX_API_TOKENS and nothing stored; revoking or expiry frees a slot; logins do not count', async () => {
    const user = await registerUser(t.app);
    const short = await createToken(user.token, 60);
    const kept = await createToken(user.token);
    assert.deepEqual([short.statusCode, kept.statusCode, (await createToken(user.token)).statusCode], [201, 201, 201]);
    const refused = await unchanged(t.db, () => createToken(user.token));
    assert.deepEqual([refused.statusCode, refused.data], [400, MAX_API_TOKENS]);

    const login = await call(t.app, { method: 'POST', url: '/api/v1/auth/login', payload: { login: user.username, password: user.password } });
    assert.equal(login.statusCode, 200, 'login sessions are not API tokens');

    const revoked = await call(t.app, { method: 'DELETE', url: `/api/v1/sessions/${kept.data.session_id}`, headers: bearer(user.token) });
    assert.equal(revoked.statusCode, 204);
    assert.equal((await createToken(user.token)).statusCode, 201, 'the revoked token freed its slot');
    assert.deepEqual((await createToken(user.token)).data, MAX_API_TOKENS);

    t.clock.advance(61);
    assert.equal((await createToken(user.token)).statusCode, 201, 'the expired token freed its slot');
    assert.deepEqual((await createToken(user.token)).data, MAX_API_TOKENS);
    const other = await registerUser(t.app);
    assert.equal((await createToken(other.token)).statusCode, 201, 'the quota is per user');
  });

  test('concurrent requests of one user create exactly the limit', async () => {
    const user = await registerUser(t.app);
    const answers = await Promise.all(Array.from({ length: 2 * LIMIT }, () => createToken(user.token)));
    assert.deepEqual(answers.map((answer) => answer.statusCode).sort(), [...Array(LIMIT).fill(201), ...Array(LIMIT).fill(400)]);
    const live = await t.db.store.sessions.listActiveByUser(user.id, t.clock.now());
    assert.equal(live.filter((session) => session.type === 'api').length, LIMIT);
  });
});

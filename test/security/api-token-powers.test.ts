// API tokens are for automation: they never mint or reset credentials, delete applications, change the email or
// password, end other sessions, or approve consents and bot installs (403 LOGIN_SESSION_REQUIRED); a login session can.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { bearer, call, createTestApp, registerUser, unchanged, type RegisteredUser, type TestApp } from '../helpers/app.js';
import { createApplication } from '../helpers/applications.js';
import { createGuild } from '../helpers/bot-install.js';
import { forEachDialect } from '../helpers/stores.js';

const REFUSED = { code: 'LOGIN_SESSION_REQUIRED', message: 'API tokens cannot do this; use a login session' };

interface Caller {
  user: RegisteredUser;
  apiToken: string;
  apiSessionId: string;
  applicationId: string;
  publicApplicationId: string;
  guildId: string;
}

/** One refused action: the request it makes for a caller's token. */
interface Action {
  name: string;
  request(caller: Caller, token: string): { method: 'POST' | 'PATCH' | 'DELETE'; url: string; payload?: object };
  /** What a login session gets for the same request. */
  loginStatus: number;
}

const ACTIONS: Action[] = [
  {
    name: 'mint an API token',
    request: () => ({ method: 'POST', url: '/api/v1/sessions', payload: { name: 'more', type: 'api', expires_in: 0 } }),
    loginStatus: 201,
  },
  {
    name: 'create an application (a client secret and a bot token)',
    request: () => ({ method: 'POST', url: '/api/v1/oauth2/applications', payload: { name: 'New' } }),
    loginStatus: 201,
  },
  {
    name: 'make a public client confidential (a client secret)',
    request: (c) => ({
      method: 'PATCH',
      url: `/api/v1/oauth2/applications/${c.publicApplicationId}`,
      payload: { token_endpoint_auth_method: 'client_secret_basic' },
    }),
    loginStatus: 200,
  },
  {
    name: 'reset a client secret',
    request: (c) => ({ method: 'POST', url: `/api/v1/oauth2/applications/${c.applicationId}/client-secret/reset` }),
    loginStatus: 200,
  },
  { name: 'reset a bot token', request: (c) => ({ method: 'POST', url: `/api/v1/oauth2/applications/${c.applicationId}/bot/reset-token` }), loginStatus: 200 },
  { name: 'change the email', request: () => ({ method: 'PATCH', url: '/api/v1/users/@me', payload: { email: 'new@example.com' } }), loginStatus: 200 },
  {
    name: 'change the password',
    request: (c) => ({ method: 'PATCH', url: '/api/v1/users/@me', payload: { password: c.user.password, new_password: 'another good password' } }),
    loginStatus: 200,
  },
  { name: 'end another session', request: (c) => ({ method: 'DELETE', url: `/api/v1/sessions/${c.user.sessionId}` }), loginStatus: 204 },
  {
    name: 'approve a consent',
    request: (c) => ({
      method: 'POST',
      url: '/api/v1/oauth2/authorize/consent',
      payload: { client_id: c.applicationId, scope: 'identify', response_type: 'code' },
    }),
    loginStatus: 200,
  },
  {
    name: 'approve a bot install',
    request: (c) => ({
      method: 'POST',
      url: '/api/v1/oauth2/authorize/consent',
      payload: { client_id: c.applicationId, scope: 'bot', guild_id: c.guildId, permissions: '8' },
    }),
    loginStatus: 200,
  },
  { name: 'delete an application', request: (c) => ({ method: 'DELETE', url: `/api/v1/oauth2/applications/${c.applicationId}` }), loginStatus: 204 },
];

forEachDialect('API token powers', (dialect) => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp({ dialect });
  });
  after(() => t.close());

  async function newCaller(): Promise<Caller> {
    const user = await registerUser(t.app);
    const created = await call(t.app, {
      method: 'POST',
      url: '/api/v1/sessions',
      headers: bearer(user.token),
      payload: { name: 'script', type: 'api', expires_in: 60 },
    });
    assert.equal(created.statusCode, 201, created.body);
    const application = await createApplication(t.app, user);
    const publicApplication = await createApplication(t.app, user, { token_endpoint_auth_method: 'none' });
    const guild = await createGuild(t.app, user);
    return {
      user,
      apiToken: created.data.token,
      apiSessionId: created.data.session_id,
      applicationId: application.id,
      publicApplicationId: publicApplication.id,
      guildId: guild.id,
    };
  }

  for (const action of ACTIONS) {
    test(`an API token cannot ${action.name}: 403 and nothing changes; a login session can`, async () => {
      const caller = await newCaller();
      const refused = await unchanged(t.db, () => call(t.app, { ...action.request(caller, caller.apiToken), headers: bearer(caller.apiToken) }));
      assert.equal(refused.statusCode, 403);
      assert.deepEqual(refused.data, REFUSED);

      // The login session does the same (the "end another session" case: it ends the API token's session instead of its own).
      const request =
        action.name === 'end another session'
          ? { method: 'DELETE' as const, url: `/api/v1/sessions/${caller.apiSessionId}` }
          : action.request(caller, caller.user.token);
      const allowed = await call(t.app, { ...request, headers: bearer(caller.user.token) });
      assert.equal(allowed.statusCode, action.loginStatus, allowed.body);
    });
  }

  test('an API token still reads, renames and ends itself', async () => {
    const caller = await newCaller();
    const headers = bearer(caller.apiToken);
    assert.equal((await call(t.app, { method: 'GET', url: '/api/v1/oauth2/applications/@me', headers })).statusCode, 200);
    const renamed = await call(t.app, { method: 'PATCH', url: '/api/v1/users/@me', headers, payload: { global_name: 'Scripted' } });
    assert.equal(renamed.statusCode, 200);
    assert.equal(renamed.data.global_name, 'Scripted');
    const patched = await call(t.app, {
      method: 'PATCH',
      url: `/api/v1/oauth2/applications/${caller.applicationId}`,
      headers,
      payload: { description: 'from a script' },
    });
    assert.equal(patched.statusCode, 200);
    assert.equal(patched.data.description, 'from a script');
    assert.equal((await call(t.app, { method: 'DELETE', url: `/api/v1/sessions/${caller.apiSessionId}`, headers })).statusCode, 204);
    assert.equal((await call(t.app, { method: 'GET', url: '/api/v1/sessions/@me', headers })).statusCode, 401);
  });
});

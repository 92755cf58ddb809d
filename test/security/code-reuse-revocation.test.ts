// Only an authenticated redemption of a used code revokes what it issued: client credentials, or the PKCE verifier of
// a public client. A stranger who knows a used code (verify takes client_id and code alone) cannot revoke a victim's tokens.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { call, createTestApp, registerUser, type RegisteredUser, type TestApp } from '../helpers/app.js';
import { createTestClient, type TestClient } from '../helpers/applications.js';
import { createBotApp, createGuild, installWithCode, verify, type BotApp } from '../helpers/bot-install.js';
import { authorizeCode, basic, exchangeCode, introspectToken, postForm } from '../helpers/oauth.js';
import { forEachDialect } from '../helpers/stores.js';

const USED = { error: 'invalid_grant', error_description: 'The authorization code was already used' };
const USED_REVOKED = { error: 'invalid_grant', error_description: 'The authorization code was already used; tokens issued from it are revoked' };

async function active(t: TestApp, client: TestClient, token: string): Promise<boolean> {
  const response = await introspectToken(t.app, client, token);
  assert.equal(response.statusCode, 200);
  return response.data.active;
}

forEachDialect('code reuse revocation', (dialect) => {
  let t: TestApp;
  let owner: RegisteredUser;
  let bot: BotApp;
  let guildId: string;
  before(async () => {
    t = await createTestApp({ dialect });
    owner = await registerUser(t.app);
    bot = await createBotApp(t.app, owner);
    guildId = (await createGuild(t.app, owner, 'Reuse Guild')).id;
  });
  after(() => t.close());

  async function exchangedInstall() {
    const { code, verifier } = await installWithCode(t.app, owner, bot, guildId, '0');
    const tokens = await exchangeCode(t.app, bot, code, verifier);
    assert.equal(tokens.statusCode, 200);
    return { code, verifier, accessToken: tokens.data.access_token as string };
  }

  test("a stranger's verify of an exchanged code (client_id and code, even the verifier) leaves the tokens active", async () => {
    const { code, verifier, accessToken } = await exchangedInstall();
    const stranger = await verify(t.app, { client_id: bot.clientId, code });
    assert.deepEqual([stranger.statusCode, stranger.data], [400, USED]);
    const withVerifier = await verify(t.app, { client_id: bot.clientId, code, code_verifier: verifier });
    assert.deepEqual([withVerifier.statusCode, withVerifier.data], [400, USED]);
    assert.equal(await active(t, bot, accessToken), true);
  });

  test('a verify with the client credentials of the confidential client revokes the tokens', async () => {
    const { code, accessToken } = await exchangedInstall();
    const authenticated = await verify(t.app, { code }, { headers: basic(bot.clientId, bot.clientSecret!) });
    assert.deepEqual([authenticated.statusCode, authenticated.data], [400, USED_REVOKED]);
    assert.equal(await active(t, bot, accessToken), false);
  });

  test('a verify with a wrong secret is 401 invalid_client and revokes nothing', async () => {
    const { code, accessToken } = await exchangedInstall();
    const wrong = await verify(t.app, { code }, { headers: basic(bot.clientId, 'not-the-secret') });
    assert.deepEqual([wrong.statusCode, wrong.data], [401, { error: 'invalid_client', error_description: 'Client authentication failed' }]);
    assert.equal(await active(t, bot, accessToken), true);
  });

  test('public client at the token endpoint: a replay without the verifier revokes nothing, with the right verifier it revokes', async () => {
    const publicClient = await createTestClient(t.db.store, { ownerId: owner.id, method: 'none' });
    const { code, verifier } = await authorizeCode(t.app, owner.token, publicClient);
    const tokens = await exchangeCode(t.app, publicClient, code, verifier);
    assert.equal(tokens.statusCode, 200);
    const replay = (params: Record<string, string>) =>
      postForm(t.app, '/api/v1/oauth2/token', {
        grant_type: 'authorization_code',
        code,
        redirect_uri: publicClient.redirectUri,
        client_id: publicClient.clientId,
        ...params,
      });
    const bare = await replay({});
    assert.deepEqual([bare.statusCode, bare.data], [400, USED]);
    const guessed = await replay({ code_verifier: 'a'.repeat(43) });
    assert.deepEqual([guessed.statusCode, guessed.data], [400, USED]);
    const me = () => call(t.app, { method: 'GET', url: '/api/v1/oauth2/@me', headers: { authorization: `Bearer ${tokens.data.access_token}` } });
    assert.equal((await me()).statusCode, 200);
    const proven = await replay({ code_verifier: verifier });
    assert.deepEqual([proven.statusCode, proven.data], [400, USED_REVOKED]);
    assert.equal((await me()).statusCode, 401);
  });
});

describe('verify is limited per address', () => {
  let t: TestApp;
  let bot: BotApp;
  before(async () => {
    t = await createTestApp();
    bot = await createBotApp(t.app, await registerUser(t.app));
  });
  after(() => t.close());

  const verifyFrom = (remoteAddress: string) =>
    call(t.app, { method: 'POST', url: `/api/v1/oauth2/verify?${new URLSearchParams({ client_id: bot.clientId, code: 'not-a-code' })}`, remoteAddress });

  test('60 verifies a minute from one address, then 429 temporarily_unavailable; another address is not affected', async () => {
    for (let i = 0; i < 60; i++) assert.equal((await verifyFrom('192.0.2.50')).statusCode, 400);
    const refused = await verifyFrom('192.0.2.50');
    assert.equal(refused.statusCode, 429);
    assert.deepEqual(refused.data, { error: 'temporarily_unavailable', error_description: 'You are being rate limited' });
    assert.equal(refused.headers['x-ratelimit-bucket'], 'oauth-verify-address');
    assert.equal(refused.headers['retry-after'], '60');
    assert.equal((await verifyFrom('192.0.2.51')).statusCode, 400);
  });
});

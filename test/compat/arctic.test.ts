// arctic's Discord provider, unchanged: it pins https://discord.com, so its fetches reach guildgate through a local TLS
// terminator with a throwaway certificate for discord.com. Authorization URL with PKCE, code exchange, refresh, revocation.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Discord, generateCodeVerifier, generateState, OAuth2RequestError } from 'arctic';
import { bearer, call, registerUser, type RegisteredUser, type TestApp } from '../helpers/app.js';
import { createBotApp, type BotApp } from '../helpers/bot-install.js';
import { startDiscordHost, type DiscordHost } from '../helpers/discord-host.js';
import { listeningTestApp } from '../helpers/listening.js';
import { consent } from '../helpers/oauth.js';

describe('arctic Discord provider against guildgate', () => {
  let t: TestApp & { issuer: string };
  let host: DiscordHost;
  let user: RegisteredUser;
  let client: BotApp;
  let discord: Discord;
  before(async () => {
    t = await listeningTestApp('sqlite');
    host = await startDiscordHost(t.issuer);
    user = await registerUser(t.app);
    client = await createBotApp(t.app, await registerUser(t.app));
    discord = new Discord(client.clientId, client.clientSecret, client.redirectUri);
  });
  after(async () => {
    await host.close();
    await t.close();
  });

  test('PKCE authorization URL, code exchange, refresh and revocation', async () => {
    const state = generateState();
    const verifier = generateCodeVerifier();
    const url = discord.createAuthorizationURL(state, verifier, ['identify', 'email']);
    assert.equal(`${url.origin}${url.pathname}`, 'https://discord.com/oauth2/authorize');
    const { redirect } = await consent(t.app, user.token, Object.fromEntries(url.searchParams));
    assert.equal(redirect!.searchParams.get('state'), state);

    const tokens = await discord.validateAuthorizationCode(redirect!.searchParams.get('code')!, verifier);
    assert.deepEqual(tokens.scopes(), ['identify', 'email']);
    const me = await call(t.app, { method: 'GET', url: '/api/v10/users/@me', headers: bearer(tokens.accessToken()) });
    assert.equal(me.data.id, user.id);

    const refreshed = await discord.refreshAccessToken(tokens.refreshToken());
    assert.notEqual(refreshed.accessToken(), tokens.accessToken());
    await discord.revokeToken(refreshed.accessToken());
    const revoked = await call(t.app, { method: 'GET', url: '/api/v10/users/@me', headers: bearer(refreshed.accessToken()) });
    assert.equal(revoked.statusCode, 401);
  });

  test('a used code is refused with the RFC 6749 error arctic reports', async () => {
    const verifier = generateCodeVerifier();
    const url = discord.createAuthorizationURL(generateState(), verifier, ['identify']);
    const code = (await consent(t.app, user.token, Object.fromEntries(url.searchParams))).redirect!.searchParams.get('code')!;
    await discord.validateAuthorizationCode(code, verifier);
    await assert.rejects(discord.validateAuthorizationCode(code, verifier), (error: unknown) => {
      assert.ok(error instanceof OAuth2RequestError);
      assert.equal(error.code, 'invalid_grant');
      return true;
    });
  });
});

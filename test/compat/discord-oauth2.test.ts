// discord-oauth2, unchanged but for where discord.com leads (its documented `agent` is the process default here): the
// code exchange, users/@me, guilds, connections, member reads, Add Guild Member with a bot, refresh and revocation,
// against guildgate behind a local TLS terminator for discord.com, on the library's own /api/v9 base.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import DiscordOauth2 from 'discord-oauth2';
import { registerUser, type RegisteredUser } from '../helpers/app.js';
import { createBotApp, createGuild, install, type BotApp } from '../helpers/bot-install.js';
import { startDiscordHost, type DiscordHost } from '../helpers/discord-host.js';
import { listeningTestApp } from '../helpers/listening.js';
import { consent } from '../helpers/oauth.js';
import type { TestApp } from '../helpers/app.js';

const SCOPES = ['identify', 'email', 'guilds', 'connections', 'guilds.join', 'guilds.members.read'];

describe('discord-oauth2 against guildgate', () => {
  let t: TestApp & { issuer: string };
  let host: DiscordHost;
  let owner: RegisteredUser;
  let user: RegisteredUser;
  let bot: BotApp;
  let guildId: string;
  let oauth: DiscordOauth2;
  before(async () => {
    t = await listeningTestApp('sqlite');
    host = await startDiscordHost(t.issuer);
    owner = await registerUser(t.app);
    user = await registerUser(t.app);
    bot = await createBotApp(t.app, owner);
    guildId = (await createGuild(t.app, owner, 'Library Guild')).id;
    assert.equal((await install(t.app, owner, bot, guildId, '1')).response.statusCode, 200);
    await t.db.store.identities.create({ provider: 'discord', upstreamUserId: '80351110224678912', userId: user.id, createdAt: 0, name: 'Nelly' });
    oauth = new DiscordOauth2({ clientId: bot.clientId, clientSecret: bot.clientSecret, redirectUri: bot.redirectUri });
  });
  after(async () => {
    await host.close();
    await t.close();
  });

  /** The user approves the library's own authorize URL (its query, through the consent API) and gets the code. */
  async function codeFor(url: string): Promise<string> {
    const query = Object.fromEntries(new URL(url).searchParams);
    const redirect = (await consent(t.app, user.token, query)).redirect!;
    assert.ok(redirect.searchParams.get('code'), 'a code');
    assert.equal(redirect.searchParams.get('state'), query.state);
    return redirect.searchParams.get('code')!;
  }

  test('authorize URL, code exchange, user, guilds, connections, member and Add Guild Member', async () => {
    const url = oauth.generateAuthUrl({ scope: SCOPES, state: 'library-state', responseType: 'code' });
    assert.ok(url.startsWith('https://discord.com/oauth2/authorize?'));
    const tokens = await oauth.tokenRequest({ code: await codeFor(url), scope: SCOPES, grantType: 'authorization_code' });
    assert.equal(tokens.token_type, 'Bearer');
    assert.equal(tokens.scope, SCOPES.join(' '));

    const me = await oauth.getUser(tokens.access_token);
    assert.equal(me.id, user.id);
    assert.equal(me.username, user.username);
    assert.deepEqual(await oauth.getUserGuilds(tokens.access_token), []);
    const connections = await oauth.getUserConnections(tokens.access_token);
    assert.deepEqual(
      connections.map((c: { id: string; name: string; type: string }) => [c.id, c.name, c.type]),
      [['80351110224678912', 'Nelly', 'discord']],
    );

    const added = await oauth.addMember({ accessToken: tokens.access_token, botToken: bot.botToken, guildId, userId: user.id });
    assert.equal(added.user?.id, user.id);
    assert.equal(
      await oauth.addMember({ accessToken: tokens.access_token, botToken: bot.botToken, guildId, userId: user.id }),
      '',
      '204 when already a member',
    );
    const member = await oauth.getGuildMember(tokens.access_token, guildId);
    assert.equal(member.user?.id, user.id);
    assert.deepEqual(
      (await oauth.getUserGuilds(tokens.access_token)).map((guild: { id: string }) => guild.id),
      [guildId],
    );
  });

  test('refresh, revocation, and Discord-shaped errors the library parses', async () => {
    const url = oauth.generateAuthUrl({ scope: ['identify'], state: 's2' });
    const first = await oauth.tokenRequest({ code: await codeFor(url), scope: 'identify', grantType: 'authorization_code' });
    const refreshed = await oauth.tokenRequest({ refreshToken: first.refresh_token, scope: 'identify', grantType: 'refresh_token' });
    assert.notEqual(refreshed.access_token, first.access_token);
    assert.equal((await oauth.getUser(refreshed.access_token)).id, user.id);

    await oauth.revokeToken(refreshed.access_token, Buffer.from(`${bot.clientId}:${bot.clientSecret}`).toString('base64'));
    await assert.rejects(oauth.getUser(refreshed.access_token), (error: { code: number; response: unknown }) => {
      assert.equal(error.code, 401);
      assert.deepEqual(error.response, { code: 0, message: '401: Unauthorized' });
      return true;
    });
    await assert.rejects(oauth.getGuildMember(first.access_token, guildId), (error: { code: number; response: unknown }) => {
      assert.equal(error.code, 50001, 'a token without guilds.members.read');
      assert.deepEqual(error.response, { code: 50001, message: 'Missing Access' });
      return true;
    });
  });
});

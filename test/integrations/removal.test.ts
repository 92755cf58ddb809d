// Integration listing and removal: managers only, 403 for the removed app in that guild (bot token and OAuth tokens
// bound to the install) while it keeps working in its other guilds and on user endpoints.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { bearer, botAuth, call, createTestApp, registerUser, unchanged, type RegisteredUser, type TestApp } from '../helpers/app.js';
import {
  addMember,
  botReadsGuild,
  createBotApp,
  createGuild,
  install,
  installWithCode,
  listIntegrations,
  removeIntegration,
  type BotApp,
} from '../helpers/bot-install.js';
import { exchangeCode, issueTokens, refresh } from '../helpers/oauth.js';
import { forEachDialect } from '../helpers/stores.js';

const NOT_A_MEMBER = { code: 'MISSING_ACCESS', message: 'You are not a member of this guild' };
const NO_GUILD_ACCESS = { code: 'MISSING_ACCESS', message: 'This token has no access to this guild' };

forEachDialect('integration removal', (dialect) => {
  let t: TestApp;
  let bot: BotApp;
  before(async () => {
    t = await createTestApp({ dialect, env: { GUILDGATE_RATE_LIMIT: 'off' } });
    bot = await createBotApp(t.app, await registerUser(t.app));
  });
  after(() => t.close());

  const get = (url: string, headers: Record<string, string>) => call(t.app, { method: 'GET', url, headers });

  /** A guild owned by a fresh user with the bot installed holding `permissions`. */
  async function installedGuild(permissions = '0', owner?: RegisteredUser) {
    owner ??= await registerUser(t.app);
    const guild = await createGuild(t.app, owner);
    assert.equal((await install(t.app, owner, bot, guild.id, permissions)).response.statusCode, 200);
    return { owner, guild };
  }

  test('only managers list and remove integrations; unknown ones are 404; refusals change nothing', async () => {
    const { owner, guild } = await installedGuild();
    const member = await registerUser(t.app);
    await addMember(t.app, owner, guild.id, member, '2048');
    const stranger = await registerUser(t.app);
    assert.deepEqual(
      [(await listIntegrations(t.app, member, guild.id)).data, (await listIntegrations(t.app, stranger, guild.id)).data],
      [{ code: 'MISSING_PERMISSIONS', message: 'Listing integrations needs MANAGE_GUILD' }, NOT_A_MEMBER],
    );
    const other = await createBotApp(t.app, owner);
    const cases: [RegisteredUser, string, number, object][] = [
      [member, bot.clientId, 403, { code: 'MISSING_PERMISSIONS', message: 'Removing an integration needs MANAGE_GUILD' }],
      [stranger, bot.clientId, 403, NOT_A_MEMBER],
      [owner, other.clientId, 404, { code: 'UNKNOWN_INTEGRATION', message: 'Unknown integration' }],
      [owner, '123456789', 404, { code: 'UNKNOWN_INTEGRATION', message: 'Unknown integration' }],
    ];
    for (const [user, applicationId, status, body] of cases) {
      const response = await unchanged(t.db, () => removeIntegration(t.app, user, guild.id, applicationId));
      assert.deepEqual([response.statusCode, response.data], [status, body]);
    }
    assert.equal((await unchanged(t.db, () => removeIntegration(t.app, owner, guild.id, 'x1'))).statusCode, 400);
    assert.equal((await removeIntegration(t.app, owner, guild.id, bot.clientId)).statusCode, 204);
    assert.deepEqual((await listIntegrations(t.app, owner, guild.id)).data, []);
    assert.equal((await removeIntegration(t.app, owner, guild.id, bot.clientId)).statusCode, 404, 'already removed');
  });

  test('after removal the bot gets 403 on the guild and below, and keeps working in its other guilds', async () => {
    const { owner, guild: removed } = await installedGuild('32');
    const { guild: kept } = await installedGuild('32', owner);
    assert.equal((await get(`/api/v1/guilds/${removed.id}/members`, botAuth(bot.botToken))).statusCode, 200, 'a bot with MANAGE_GUILD lists members');
    assert.equal((await removeIntegration(t.app, owner, removed.id, bot.clientId)).statusCode, 204);
    for (const url of [`/api/v1/guilds/${removed.id}`, `/api/v1/guilds/${removed.id}/members`, `/api/v1/guilds/${removed.id}/integrations`]) {
      const response = await get(url, botAuth(bot.botToken));
      assert.deepEqual([response.statusCode, response.data], [403, NOT_A_MEMBER], url);
    }
    const members = await get(`/api/v1/guilds/${removed.id}/members`, bearer(owner.token));
    assert.deepEqual(
      members.data.map((entry: { user: { id: string } }) => entry.user.id),
      [owner.id],
      'the bot is no longer a member',
    );
    assert.deepEqual((await botReadsGuild(t.app, bot, kept.id)).data, kept);
    const botGuilds = await get('/api/v1/users/@me/guilds', botAuth(bot.botToken));
    assert.equal(botGuilds.statusCode, 200);
    assert.ok(botGuilds.data.some((entry: { id: string }) => entry.id === kept.id));
    assert.ok(!botGuilds.data.some((entry: { id: string }) => entry.id === removed.id));
  });

  test('an OAuth token bound to a removed install gets 403 on its guild, also after a refresh or a reinstall; user endpoints still work', async () => {
    const owner = await registerUser(t.app);
    const guild = await createGuild(t.app, owner);
    const other = await createGuild(t.app, owner);
    const { code, verifier } = await installWithCode(t.app, owner, bot, guild.id, '0', 'bot identify guilds');
    const tokens = (await exchangeCode(t.app, bot, code, verifier)).data;
    const auth = bearer(tokens.access_token);
    assert.deepEqual((await get(`/api/v1/guilds/${guild.id}`, auth)).data, guild);
    assert.deepEqual((await get(`/api/v1/guilds/${other.id}`, auth)).data, NO_GUILD_ACCESS, 'bound to its own install only');

    assert.equal((await removeIntegration(t.app, owner, guild.id, bot.clientId)).statusCode, 204);
    const refused = await get(`/api/v1/guilds/${guild.id}`, auth);
    assert.deepEqual([refused.statusCode, refused.data], [403, NO_GUILD_ACCESS]);
    assert.deepEqual((await get('/api/v1/users/@me', auth)).data.id, owner.id);
    const guilds = await get('/api/v1/users/@me/guilds', auth);
    assert.equal(guilds.statusCode, 200);
    assert.deepEqual(guilds.data.map((entry: { id: string }) => entry.id).sort(), [guild.id, other.id].sort());

    const refreshed = await refresh(t.app, bot, tokens.refresh_token);
    assert.equal(refreshed.statusCode, 200);
    assert.deepEqual((await get(`/api/v1/guilds/${guild.id}`, bearer(refreshed.data.access_token))).data, NO_GUILD_ACCESS);

    const again = await installWithCode(t.app, owner, bot, guild.id, '0', 'bot identify');
    const fresh = (await exchangeCode(t.app, bot, again.code, again.verifier)).data;
    assert.equal((await get(`/api/v1/guilds/${guild.id}`, bearer(fresh.access_token))).statusCode, 200);
    assert.deepEqual((await get(`/api/v1/guilds/${guild.id}`, bearer(refreshed.data.access_token))).data, NO_GUILD_ACCESS, 'a reinstall is a new install');
  });

  test('OAuth tokens: GET /guilds/{id} needs bot or guilds and an install; /users/@me/guilds needs guilds', async () => {
    const { owner, guild } = await installedGuild();
    const identify = await issueTokens(t.app, owner.token, bot, 'identify');
    const scoped = await get(`/api/v1/guilds/${guild.id}`, bearer(identify.access_token));
    assert.deepEqual([scoped.statusCode, scoped.data.code], [403, 'INSUFFICIENT_SCOPE']);
    assert.deepEqual((await get('/api/v1/users/@me/guilds', bearer(identify.access_token))).data.code, 'INSUFFICIENT_SCOPE');
    const guildsScope = await issueTokens(t.app, owner.token, bot, 'guilds');
    assert.deepEqual((await get(`/api/v1/guilds/${guild.id}`, bearer(guildsScope.access_token))).data, NO_GUILD_ACCESS, 'no install, no guild access');
    const list = await get('/api/v1/users/@me/guilds', bearer(guildsScope.access_token));
    assert.deepEqual(list.data, [{ id: guild.id, name: guild.name, icon: null, owner: true, permissions: list.data[0].permissions }]);
  });

  test('a bot is not removed as a member but through its integration; bot tokens only read guilds', async () => {
    const { owner, guild } = await installedGuild('8');
    const byOwner = await unchanged(t.db, () =>
      call(t.app, { method: 'DELETE', url: `/api/v1/guilds/${guild.id}/members/${bot.botId}`, headers: bearer(owner.token) }),
    );
    assert.deepEqual(
      [byOwner.statusCode, byOwner.data],
      [400, { code: 'BOT_MEMBER_NOT_ALLOWED', message: 'Bots join and leave a guild by being installed and removed (integrations), not as members' }],
    );
    const user = await registerUser(t.app);
    const writes = [
      { method: 'PUT' as const, url: `/api/v1/guilds/${guild.id}/members/${user.id}` },
      { method: 'DELETE' as const, url: `/api/v1/guilds/${guild.id}/members/${owner.id}` },
      { method: 'DELETE' as const, url: `/api/v1/guilds/${guild.id}/integrations/${bot.clientId}` },
    ];
    for (const write of writes) {
      const response = await unchanged(t.db, () => call(t.app, { ...write, headers: botAuth(bot.botToken), payload: write.method === 'PUT' ? {} : undefined }));
      // A bot adds members only with a user's guilds.join token (Discord's Add Guild Member).
      const expected = write.method === 'PUT' ? [400, 'Invalid access_token: is required'] : [401, 'Unsupported authorization scheme'];
      assert.deepEqual([response.statusCode, response.data.message], expected, write.url);
    }
    assert.equal((await get(`/api/v1/guilds/${guild.id}/integrations`, botAuth(bot.botToken))).statusCode, 200, 'an administrator bot reads integrations');
  });
});

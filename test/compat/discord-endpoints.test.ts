// Discord endpoints clients call: connections, the user's own member object, Add Guild Member with guilds.join,
// GET /oauth2/@me and GET /oauth2/applications/@me with a Bot token; bad input refused and nothing changed.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ALL_PERMISSIONS } from '../../src/guilds/permissions.js';
import { bearer, botAuth, call, createTestApp, registerUser, unchanged, type RegisteredUser, type TestApp } from '../helpers/app.js';
import { createBotApp, createGuild, install, type BotApp } from '../helpers/bot-install.js';
import { issueTokens } from '../helpers/oauth.js';

const CREATE_INSTANT_INVITE = '1';

describe('Discord endpoints', () => {
  let t: TestApp;
  let owner: RegisteredUser;
  let bot: BotApp;
  let guildId: string;
  before(async () => {
    t = await createTestApp({ env: { GUILDGATE_RATE_LIMIT: 'off' } });
    owner = await registerUser(t.app);
    bot = await createBotApp(t.app, owner);
    guildId = (await createGuild(t.app, owner)).id;
    const { response } = await install(t.app, owner, bot, guildId, CREATE_INSTANT_INVITE);
    assert.equal(response.statusCode, 200, response.body);
  });
  after(() => t.close());

  test('GET /users/@me/connections lists linked upstream accounts with scope connections only', async () => {
    const user = await registerUser(t.app);
    await t.db.store.identities.create({ provider: 'discord', upstreamUserId: '80351110224678912', userId: user.id, createdAt: 1_000, name: 'Nelly' });
    const tokens = await issueTokens(t.app, user.token, bot, 'identify connections');
    const response = await call(t.app, { method: 'GET', url: '/api/v10/users/@me/connections', headers: bearer(tokens.access_token) });
    assert.equal(response.statusCode, 200, response.body);
    assert.deepEqual(response.data, [
      {
        id: '80351110224678912',
        name: 'Nelly',
        type: 'discord',
        verified: true,
        friend_sync: false,
        show_activity: false,
        two_way_link: false,
        visibility: 0,
        revoked: false,
        integrations: [],
      },
    ]);
    const narrow = await issueTokens(t.app, user.token, bot, 'identify');
    const refused = await call(t.app, { method: 'GET', url: '/api/v10/users/@me/connections', headers: bearer(narrow.access_token) });
    assert.equal(refused.statusCode, 403);
    assert.deepEqual(refused.data, { code: 50001, message: 'Missing Access' });
  });

  test('GET /users/@me/guilds/{id}/member answers the own member object with guilds.members.read; 10004 elsewhere', async () => {
    const tokens = await issueTokens(t.app, owner.token, bot, 'identify guilds.members.read');
    const response = await call(t.app, { method: 'GET', url: `/api/v10/users/@me/guilds/${guildId}/member`, headers: bearer(tokens.access_token) });
    assert.equal(response.statusCode, 200, response.body);
    assert.equal(response.data.user.id, owner.id);
    assert.equal(response.data.permissions, ALL_PERMISSIONS.toString(), 'the owner holds every permission');
    const other = await createGuild(t.app, await registerUser(t.app));
    const outside = await call(t.app, { method: 'GET', url: `/api/v10/users/@me/guilds/${other.id}/member`, headers: bearer(tokens.access_token) });
    assert.equal(outside.statusCode, 404);
    assert.deepEqual(outside.data, { code: 10004, message: 'Unknown Guild' });
    const noScope = await issueTokens(t.app, owner.token, bot, 'identify guilds');
    const refused = await call(t.app, { method: 'GET', url: `/api/v10/users/@me/guilds/${guildId}/member`, headers: bearer(noScope.access_token) });
    assert.equal(refused.statusCode, 403);
  });

  test('PUT /guilds/{id}/members/{user} with a Bot token and the user’s guilds.join token: 201 with the member, then 204', async () => {
    const joiner = await registerUser(t.app);
    const tokens = await issueTokens(t.app, joiner.token, bot, 'identify guilds.join');
    const url = `/api/v10/guilds/${guildId}/members/${joiner.id}`;
    const added = await call(t.app, { method: 'PUT', url, headers: botAuth(bot.botToken), payload: { access_token: tokens.access_token } });
    assert.equal(added.statusCode, 201, added.body);
    assert.equal(added.data.user.id, joiner.id);
    assert.equal(added.data.permissions, '0');
    const again = await call(t.app, { method: 'PUT', url, headers: botAuth(bot.botToken), payload: { access_token: tokens.access_token } });
    assert.equal(again.statusCode, 204);
    assert.equal(again.body, '');
    const guilds = await call(t.app, { method: 'GET', url: '/api/v1/users/@me/guilds', headers: bearer(joiner.token) });
    assert.deepEqual(
      guilds.data.map((guild: { id: string }) => guild.id),
      [guildId],
    );
  });

  test('Add Guild Member refuses a token of another user, without guilds.join, no token, and a bot lacking the permission', async () => {
    const joiner = await registerUser(t.app);
    const other = await registerUser(t.app);
    const url = `/api/v10/guilds/${guildId}/members/${joiner.id}`;
    const othersToken = (await issueTokens(t.app, other.token, bot, 'guilds.join')).access_token;
    const narrowToken = (await issueTokens(t.app, joiner.token, bot, 'identify')).access_token;
    await unchanged(t.db, async () => {
      const wrongUser = await call(t.app, { method: 'PUT', url, headers: botAuth(bot.botToken), payload: { access_token: othersToken } });
      assert.equal(wrongUser.statusCode, 403);
      assert.deepEqual(wrongUser.data, { code: 50025, message: 'Invalid OAuth2 access token' });
      const narrow = await call(t.app, { method: 'PUT', url, headers: botAuth(bot.botToken), payload: { access_token: narrowToken } });
      assert.equal(narrow.statusCode, 403);
      assert.deepEqual(narrow.data, { code: 50001, message: 'Missing Access' });
      const missing = await call(t.app, { method: 'PUT', url, headers: botAuth(bot.botToken), payload: {} });
      assert.equal(missing.statusCode, 400);
      assert.deepEqual(missing.data, {
        code: 50035,
        message: 'Invalid Form Body',
        errors: { access_token: { _errors: [{ code: 'BASE_TYPE_REQUIRED', message: 'This field is required' }] } },
      });
      const own = await call(t.app, {
        method: 'PUT',
        url: `/api/v1/guilds/${guildId}/members/${joiner.id}`,
        headers: bearer(owner.token),
        payload: { access_token: narrowToken },
      });
      assert.equal(own.statusCode, 400);
      assert.equal(own.data.code, 'INVALID_FORM_BODY');
    });
    const weakBot = await createBotApp(t.app, owner);
    const { response } = await install(t.app, owner, weakBot, guildId, '0');
    assert.equal(response.statusCode, 200, response.body);
    const weakToken = (await issueTokens(t.app, joiner.token, weakBot, 'guilds.join')).access_token;
    await unchanged(t.db, async () => {
      const refused = await call(t.app, { method: 'PUT', url, headers: botAuth(weakBot.botToken), payload: { access_token: weakToken } });
      assert.equal(refused.statusCode, 403);
      assert.deepEqual(refused.data, { code: 50013, message: 'Missing Permissions' });
    });
  });

  test('GET /oauth2/applications/@me with a Bot token answers the bot’s application; a session still lists its own', async () => {
    const asBot = await call(t.app, { method: 'GET', url: '/api/v10/oauth2/applications/@me', headers: botAuth(bot.botToken) });
    assert.equal(asBot.statusCode, 200, asBot.body);
    const same = await call(t.app, { method: 'GET', url: '/api/v10/applications/@me', headers: botAuth(bot.botToken) });
    assert.deepEqual(asBot.data, same.data);
    assert.equal(asBot.data.id, bot.clientId);
    const asOwner = await call(t.app, { method: 'GET', url: '/api/v1/oauth2/applications/@me', headers: bearer(owner.token) });
    assert.equal(asOwner.statusCode, 200);
    assert.ok(Array.isArray(asOwner.data));
    assert.ok(asOwner.data.some((application: { id: string }) => application.id === bot.clientId));
  });

  test('GET /oauth2/@me answers the application, scopes, expiry and user', async () => {
    const tokens = await issueTokens(t.app, owner.token, bot, 'identify');
    const response = await call(t.app, { method: 'GET', url: '/api/v10/oauth2/@me', headers: bearer(tokens.access_token) });
    assert.equal(response.statusCode, 200, response.body);
    assert.equal(response.data.application.id, bot.clientId);
    assert.deepEqual(response.data.scopes, ['identify']);
    assert.equal(response.data.expires, new Date(t.clock.now() + tokens.expires_in * 1000).toISOString());
    assert.equal(response.data.user.id, owner.id);
  });
});

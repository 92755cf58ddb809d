// @discordjs/rest, unchanged but for its `api` option, on the bot-token routes it can reach: the bot user, its
// application, a guild it is installed in, Add Guild Member with a user's guilds.join token, and Discord-shaped errors.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DiscordAPIError, REST } from '@discordjs/rest';
import { registerUser, type RegisteredUser, type TestApp } from '../helpers/app.js';
import { createBotApp, createGuild, install, type BotApp } from '../helpers/bot-install.js';
import { listeningTestApp } from '../helpers/listening.js';
import { issueTokens } from '../helpers/oauth.js';

describe('@discordjs/rest against guildgate', () => {
  let t: TestApp & { issuer: string };
  let owner: RegisteredUser;
  let bot: BotApp;
  let guild: { id: string; name: string; icon: string | null; owner_id: string };
  let rest: REST;
  before(async () => {
    t = await listeningTestApp('sqlite');
    owner = await registerUser(t.app);
    bot = await createBotApp(t.app, owner);
    guild = await createGuild(t.app, owner, 'Rest Guild');
    assert.equal((await install(t.app, owner, bot, guild.id, '1')).response.statusCode, 200);
    rest = new REST({ api: `${t.issuer}/api`, version: '10' }).setToken(bot.botToken);
  });
  after(async () => {
    await t.close();
  });

  test('the bot reads itself, its application (both paths) and the guild it is in', async () => {
    const me = (await rest.get('/users/@me')) as { id: string; bot: boolean };
    assert.deepEqual([me.id, me.bot], [bot.botId, true]);
    const application = (await rest.get('/oauth2/applications/@me')) as { id: string; bot: { id: string } };
    assert.deepEqual([application.id, application.bot.id], [bot.clientId, bot.botId]);
    assert.deepEqual(await rest.get('/applications/@me'), application);
    assert.deepEqual(await rest.get(`/guilds/${guild.id}`), guild);
  });

  test('Add Guild Member: the member on 201, nothing on 204', async () => {
    const user = await registerUser(t.app);
    const { access_token } = await issueTokens(t.app, user.token, bot, 'identify guilds.join');
    const added = (await rest.put(`/guilds/${guild.id}/members/${user.id}`, { body: { access_token } })) as { user: { id: string } };
    assert.equal(added.user.id, user.id);
    // 204 No Content: the library hands back the empty body.
    const again = (await rest.put(`/guilds/${guild.id}/members/${user.id}`, { body: { access_token } })) as ArrayBuffer;
    assert.equal(again.byteLength, 0);
  });

  test('errors arrive as DiscordAPIError with Discord codes', async () => {
    const other = await createGuild(t.app, owner, 'Elsewhere');
    await assert.rejects(rest.get(`/guilds/${other.id}`), (error: unknown) => {
      assert.ok(error instanceof DiscordAPIError);
      assert.deepEqual([error.status, error.code, error.message], [403, 50001, 'Missing Access']);
      return true;
    });
    await assert.rejects(rest.get('/guilds/1234567890123'), (error: unknown) => {
      assert.ok(error instanceof DiscordAPIError);
      assert.deepEqual([error.status, error.code, error.message], [404, 10004, 'Unknown Guild']);
      return true;
    });
    await assert.rejects(rest.put(`/guilds/${guild.id}/members/${owner.id}`, { body: {} }), (error: unknown) => {
      assert.ok(error instanceof DiscordAPIError);
      assert.equal(error.code, 50035);
      assert.match(error.message, /access_token\[BASE_TYPE_REQUIRED\]: This field is required/);
      return true;
    });
  });
});

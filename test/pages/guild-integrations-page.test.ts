// The guild integrations page: managers see each installed app with its permissions and scopes and can remove it;
// other members and strangers are refused; removing takes the bot out of the guild.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { call, createTestApp, registerUser, unchanged, type RegisteredUser, type TestApp } from '../helpers/app.js';
import { addMember, botReadsGuild, createBotApp, createGuild, install, listIntegrations, type BotApp } from '../helpers/bot-install.js';
import { alertText, csrfOf, postPage, sessionCookie } from '../helpers/pages.js';
import { forEachDialect } from '../helpers/stores.js';

forEachDialect('guild integrations page', (dialect) => {
  let t: TestApp;
  let owner: RegisteredUser;
  let cookie: string;
  let bot: BotApp;
  let guildId: string;

  const get = (url: string, withCookie = cookie) => call(t.app, { method: 'GET', url, headers: { cookie: withCookie } });

  before(async () => {
    t = await createTestApp({ dialect, env: { GUILDGATE_RATE_LIMIT: 'off' } });
    owner = await registerUser(t.app);
    cookie = sessionCookie(owner);
    bot = await createBotApp(t.app, owner, { name: 'Moderator <Bot>' });
    guildId = (await createGuild(t.app, owner, 'Cozy & Co')).id;
    const installed = await install(t.app, owner, bot, guildId, String(2048 + 8192));
    assert.equal(installed.response.statusCode, 200, installed.response.body);
  });
  after(() => t.close());

  test('a manager sees each installed app with its bot, permissions in plain words and scopes', async () => {
    const page = await get(`/guilds/${guildId}/integrations`);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /<h1>Cozy &amp; Co: integrations<\/h1>/);
    assert.match(page.body, /<h2 id="integration-\d+">Moderator &lt;Bot&gt;<\/h2>/);
    assert.match(page.body, /<h3>Permissions<\/h3>\n<ul class="scopes"><li>Send messages<\/li><li>Manage other members&#39; messages<\/li><\/ul>/);
    assert.match(page.body, /<li>Add a bot to a server <span class="muted">\(<code>bot<\/code>\)<\/span><\/li>/);
    assert.match(page.body, new RegExp(`action="/guilds/${guildId}/integrations/${bot.clientId}/remove"`));
  });

  test('members without Manage Server and strangers get 403 pages; an unknown guild 404', async () => {
    const member = await registerUser(t.app);
    await addMember(t.app, owner, guildId, member, '2048');
    const asMember = await get(`/guilds/${guildId}/integrations`, sessionCookie(member));
    assert.equal(asMember.statusCode, 403);
    assert.equal(alertText(asMember.body), 'Listing integrations needs MANAGE_GUILD');
    const stranger = await registerUser(t.app);
    const asStranger = await get(`/guilds/${guildId}/integrations`, sessionCookie(stranger));
    assert.equal(asStranger.statusCode, 403);
    assert.equal(alertText(asStranger.body), 'You are not a member of this guild');
    const strangerCookie = sessionCookie(stranger);
    const removal = await unchanged(t.db, async () =>
      postPage(t.app, `/guilds/${guildId}/integrations/${bot.clientId}/remove`, strangerCookie, { csrf_token: await csrfOf(t.app, strangerCookie) }),
    );
    assert.equal(removal.statusCode, 403);
    assert.equal((await get('/guilds/123456/integrations')).statusCode, 404);
  });

  test('Remove takes the app out of the guild: the bot loses access; removing again is 404 and changes nothing', async () => {
    assert.equal((await botReadsGuild(t.app, bot, guildId)).statusCode, 200);
    const csrf = await csrfOf(t.app, cookie);
    const removed = await postPage(t.app, `/guilds/${guildId}/integrations/${bot.clientId}/remove`, cookie, { csrf_token: csrf });
    assert.equal(removed.statusCode, 303);
    assert.equal(removed.headers.location, `/guilds/${guildId}/integrations?done=removed`);
    assert.deepEqual((await listIntegrations(t.app, owner, guildId)).data, []);
    assert.equal((await botReadsGuild(t.app, bot, guildId)).statusCode, 403);
    const page = await get(removed.headers.location as string);
    assert.match(page.body, /The application is removed from the guild\./);
    assert.match(page.body, /No applications are installed in this guild\./);
    const again = await unchanged(t.db, () => postPage(t.app, `/guilds/${guildId}/integrations/${bot.clientId}/remove`, cookie, { csrf_token: csrf }));
    assert.equal(again.statusCode, 404);
    assert.equal(alertText(again.body), 'Unknown integration');
  });
});

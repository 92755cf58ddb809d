// Bot installs through the consent API: permission masking, who may install, bad input, the confirmation page target,
// the code flow (redirect with guild_id and permissions, token response with the guild), reinstalls and refusals.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { digestToken } from '../../src/crypto/tokens.js';
import { bearer, call, createTestApp, registerUser, unchanged, type RegisteredUser, type TestApp } from '../helpers/app.js';
import { addMember, createBotApp, createGuild, install, installWithCode, listIntegrations, removeIntegration, type BotApp } from '../helpers/bot-install.js';
import { consent, exchangeCode } from '../helpers/oauth.js';
import { forEachDialect } from '../helpers/stores.js';

const SEND_MESSAGES = '2048';
const MANAGE_GUILD = '32';
const ADMINISTRATOR = '8';

forEachDialect('bot install through consent', (dialect) => {
  let t: TestApp;
  let developer: RegisteredUser;
  let bot: BotApp;
  before(async () => {
    t = await createTestApp({ dialect, env: { GUILDGATE_RATE_LIMIT: 'off' } });
    developer = await registerUser(t.app);
    bot = await createBotApp(t.app, developer);
  });
  after(() => t.close());

  const confirmation = (guildId: string, applicationId = bot.clientId) =>
    `${t.config.issuer}/oauth2/authorized?guild_id=${guildId}&application_id=${applicationId}`;
  const botMember = async (owner: RegisteredUser, guildId: string, botId = bot.botId) => {
    const members = await call(t.app, { method: 'GET', url: `/api/v1/guilds/${guildId}/members`, headers: bearer(owner.token) });
    return members.data.find((entry: { user: { id: string } }) => entry.user.id === botId);
  };

  async function ownedGuild() {
    const owner = await registerUser(t.app);
    return { owner, guild: await createGuild(t.app, owner) };
  }

  test('unknown permission bits are masked off; the bot becomes a member holding what was granted', async () => {
    const { owner, guild } = await ownedGuild();
    const requested = ((1n << 63n) | (1n << 47n) | 2048n | 8n).toString();
    const { response } = await install(t.app, owner, bot, guild.id, requested);
    assert.equal(response.statusCode, 200);
    assert.deepEqual(response.data, { redirect_to: confirmation(guild.id) });
    const member = await botMember(owner, guild.id);
    assert.deepEqual([member.user.bot, member.permissions], [true, '2056']);
    const list = await listIntegrations(t.app, owner, guild.id);
    assert.equal(list.statusCode, 200);
    assert.deepEqual(list.data, [
      {
        application: { id: bot.clientId, name: 'Install Bot', icon: null, description: null, bot_public: true },
        bot: { id: bot.botId, username: member.user.username, discriminator: member.user.discriminator, avatar: null },
        permissions: '2056',
        scopes: ['bot'],
        installed_by: owner.id,
        installed_at: new Date(t.clock.now()).toISOString(),
      },
    ]);
  });

  test('a bot-only install without redirect_uri issues no code and answers the confirmation page (bench shape)', async () => {
    const { owner, guild } = await ownedGuild();
    const { response } = await consent(t.app, owner.token, { client_id: bot.clientId, scope: 'bot', guild_id: guild.id, permissions: '0' });
    assert.equal(response.statusCode, 200);
    assert.deepEqual(response.data, { redirect_to: confirmation(guild.id) });
    assert.equal((await botMember(owner, guild.id)).permissions, '0');
    const grants = await call(t.app, { method: 'GET', url: '/api/v1/oauth2/@me/authorizations', headers: bearer(owner.token) });
    assert.deepEqual(grants.data, [], 'no user grant and no code for a bot-only install');
    const snapshot = await t.db.snapshot();
    assert.equal(snapshot.oauth_codes!.filter((row) => (row as { user_id: string }).user_id === owner.id).length, 0);
  });

  test('bot_require_code_grant: a bot-only install completes the code flow with the registered redirect URI', async () => {
    const strict = await createBotApp(t.app, developer, { bot_require_code_grant: true });
    const { owner, guild } = await ownedGuild();
    const { response, redirect } = await install(t.app, owner, strict, guild.id, SEND_MESSAGES, { response_type: 'code' });
    assert.equal(response.statusCode, 200);
    assert.equal(`${redirect!.origin}${redirect!.pathname}`, strict.redirectUri);
    assert.match(redirect!.searchParams.get('code')!, /^ggc_/);
    assert.deepEqual([redirect!.searchParams.get('guild_id'), redirect!.searchParams.get('permissions')], [guild.id, SEND_MESSAGES]);
  });

  test('the code flow: the code is bound to the guild and permissions, and the token response includes the guild', async () => {
    const { owner, guild } = await ownedGuild();
    const { code, verifier, redirect } = await installWithCode(t.app, owner, bot, guild.id, '2056', 'bot identify');
    assert.deepEqual([redirect.searchParams.get('guild_id'), redirect.searchParams.get('permissions')], [guild.id, '2056']);
    const stored = (await t.db.store.codes.find(digestToken(code)))!;
    assert.deepEqual([stored.guildId, stored.permissions, stored.scopes], [guild.id, 2056n, ['bot', 'identify']]);
    const tokens = await exchangeCode(t.app, bot, code, verifier);
    assert.equal(tokens.statusCode, 200);
    assert.deepEqual(tokens.data.guild, guild);
    assert.equal(tokens.data.scope, 'bot identify');
    const plain = await installWithCode(t.app, owner, bot, guild.id, '0', 'identify');
    assert.equal(plain.redirect.searchParams.get('guild_id'), null, 'no install without the bot scope');
    assert.equal((await exchangeCode(t.app, bot, plain.code, plain.verifier)).data.guild, undefined);
  });

  test('reinstalling updates the permissions, installer and time of the one integration and of the bot member', async () => {
    const { owner, guild } = await ownedGuild();
    const manager = await registerUser(t.app);
    // The manager holds SEND_MESSAGES, which the re-install takes away.
    await addMember(t.app, owner, guild.id, manager, (32n | 1024n | 2048n).toString());
    assert.equal((await install(t.app, owner, bot, guild.id, SEND_MESSAGES)).response.statusCode, 200);
    t.clock.advance(60);
    assert.equal((await install(t.app, manager, bot, guild.id, '1024')).response.statusCode, 200);
    const list = (await listIntegrations(t.app, owner, guild.id)).data;
    assert.equal(list.length, 1);
    assert.deepEqual([list[0].permissions, list[0].installed_by, list[0].installed_at], ['1024', manager.id, new Date(t.clock.now()).toISOString()]);
    assert.equal((await botMember(owner, guild.id)).permissions, '1024');
  });

  test('a member without MANAGE_GUILD, a non-member and an unknown guild are refused, and nothing changes', async () => {
    const { owner, guild } = await ownedGuild();
    const member = await registerUser(t.app);
    await addMember(t.app, owner, guild.id, member, SEND_MESSAGES);
    const stranger = await registerUser(t.app);
    const cases: [RegisteredUser, string, number, object][] = [
      [member, guild.id, 403, { code: 'MISSING_PERMISSIONS', message: 'Adding a bot needs MANAGE_GUILD in that guild' }],
      [stranger, guild.id, 403, { code: 'MISSING_ACCESS', message: 'You are not a member of this guild' }],
      [owner, '123456789', 404, { code: 'UNKNOWN_GUILD', message: 'Unknown guild' }],
    ];
    for (const [user, guildId, status, body] of cases) {
      for (const extra of [{}, { redirect_uri: bot.redirectUri, response_type: 'code', scope: 'bot identify' }]) {
        const { response } = await unchanged(t.db, () => install(t.app, user, bot, guildId, SEND_MESSAGES, extra));
        assert.equal(response.statusCode, status);
        assert.deepEqual(response.data, body);
      }
    }
  });

  test('a manager cannot grant the bot permissions it does not hold', async () => {
    const { owner, guild } = await ownedGuild();
    const manager = await registerUser(t.app);
    await addMember(t.app, owner, guild.id, manager, MANAGE_GUILD);
    const { response } = await unchanged(t.db, () => install(t.app, manager, bot, guild.id, SEND_MESSAGES));
    assert.equal(response.statusCode, 403);
    assert.deepEqual(response.data, { code: 'MISSING_PERMISSIONS', message: 'You cannot grant or revoke bot permissions you do not have' });
    assert.equal((await install(t.app, manager, bot, guild.id, MANAGE_GUILD)).response.statusCode, 200);
  });

  test('a manager cannot downgrade or remove a bot holding more than it does; the owner can', async () => {
    const { owner, guild } = await ownedGuild();
    const manager = await registerUser(t.app);
    await addMember(t.app, owner, guild.id, manager, MANAGE_GUILD);
    assert.equal((await install(t.app, owner, bot, guild.id, ADMINISTRATOR)).response.statusCode, 200);

    for (const permissions of ['0', MANAGE_GUILD]) {
      const { response } = await unchanged(t.db, () => install(t.app, manager, bot, guild.id, permissions));
      assert.equal(response.statusCode, 403);
      assert.deepEqual(response.data, { code: 'MISSING_PERMISSIONS', message: 'You cannot grant or revoke bot permissions you do not have' });
    }
    const removal = await unchanged(t.db, () => removeIntegration(t.app, manager, guild.id, bot.clientId));
    assert.equal(removal.statusCode, 403);
    assert.deepEqual(removal.data, { code: 'MISSING_PERMISSIONS', message: 'You cannot remove a bot holding permissions you do not have' });
    assert.equal((await botMember(owner, guild.id)).permissions, ADMINISTRATOR);

    // Re-installing with the same bits changes none of them: a manager may (its installer and time are renewed).
    assert.equal((await install(t.app, manager, bot, guild.id, ADMINISTRATOR)).response.statusCode, 200);
    assert.equal((await install(t.app, owner, bot, guild.id, MANAGE_GUILD)).response.statusCode, 200);
    assert.equal((await botMember(owner, guild.id)).permissions, MANAGE_GUILD);
    // Now the bot holds nothing the manager lacks: the manager may change and remove it.
    assert.equal((await install(t.app, manager, bot, guild.id, '0')).response.statusCode, 200);
    assert.equal((await removeIntegration(t.app, manager, guild.id, bot.clientId)).statusCode, 204);

    assert.equal((await install(t.app, owner, bot, guild.id, ADMINISTRATOR)).response.statusCode, 200);
    assert.equal((await install(t.app, owner, bot, guild.id, '0')).response.statusCode, 200);
    assert.equal((await install(t.app, owner, bot, guild.id, ADMINISTRATOR)).response.statusCode, 200);
    assert.equal((await removeIntegration(t.app, owner, guild.id, bot.clientId)).statusCode, 204);
    assert.equal(await botMember(owner, guild.id), undefined);
  });

  test('bot_public false: only the application owner may install its bot', async () => {
    const privateBot = await createBotApp(t.app, developer, { bot_public: false });
    const { owner, guild } = await ownedGuild();
    const { response } = await unchanged(t.db, () => install(t.app, owner, privateBot, guild.id, '0'));
    assert.equal(response.statusCode, 403);
    assert.deepEqual(response.data, { code: 'BOT_NOT_PUBLIC', message: 'Only the owner of this application can add its bot to a guild' });
    const own = await createGuild(t.app, developer);
    const allowed = await install(t.app, developer, privateBot, own.id, '0');
    assert.deepEqual([allowed.response.statusCode, allowed.response.data], [200, { redirect_to: confirmation(own.id, privateBot.clientId) }]);
  });

  test('bad permissions, guild_id or disable_guild_select are 400 naming the field, with or without a redirect URI, and change nothing', async () => {
    const { owner, guild } = await ownedGuild();
    const digits = 'must be a decimal integer string of at most 20 digits';
    const cases: [Record<string, unknown>, string, string][] = [
      [{ permissions: '-1' }, 'permissions', digits],
      [{ permissions: 'abc' }, 'permissions', digits],
      [{ permissions: '1.5' }, 'permissions', digits],
      [{ permissions: ' 8' }, 'permissions', digits],
      [{ permissions: '0x10' }, 'permissions', digits],
      [{ permissions: '' }, 'permissions', digits],
      [{ permissions: '1'.repeat(21) }, 'permissions', digits],
      [{ permissions: '18446744073709551616' }, 'permissions', 'must fit in 64 bits'],
      [{ permissions: '9'.repeat(33) }, 'permissions', 'must NOT have more than 32 characters'],
      [{ permissions: 8 }, 'permissions', 'must be string'],
      [{ guild_id: 'abc' }, 'guild_id', 'must match pattern "^[0-9]{1,20}$"'],
      [{ disable_guild_select: true, guild_id: undefined }, 'disable_guild_select', 'needs guild_id'],
      [{ disable_guild_select: 'yes' }, 'disable_guild_select', 'must be boolean'],
    ];
    for (const [fields, field, message] of cases) {
      for (const extra of [{}, { redirect_uri: bot.redirectUri, response_type: 'code', state: 's' }]) {
        const body = { client_id: bot.clientId, scope: 'bot', guild_id: guild.id, permissions: '0', ...extra, ...fields };
        const { response } = await unchanged(t.db, () => consent(t.app, owner.token, body));
        assert.equal(response.statusCode, 400, JSON.stringify(fields));
        assert.equal(response.data.code, 'INVALID_FORM_BODY');
        assert.deepEqual(response.data.errors, [{ field, message }], JSON.stringify(fields));
      }
    }
  });

  test('a bot install without a guild_id, or without a redirect URI to report errors to, is 400 on the API', async () => {
    const { owner, guild } = await ownedGuild();
    const { response: unsupported } = await unchanged(t.db, () => install(t.app, owner, bot, guild.id, '0', { response_type: 'token' }));
    assert.deepEqual([unsupported.statusCode, unsupported.data], [400, { code: 'INVALID_REQUEST', message: 'Only response_type=code is supported' }]);
    const { response } = await unchanged(t.db, () => consent(t.app, owner.token, { client_id: bot.clientId, scope: 'bot', permissions: '0' }));
    assert.equal(response.statusCode, 400);
    assert.deepEqual(response.data, {
      code: 'INVALID_FORM_BODY',
      message: 'Invalid guild_id: choose the guild to add the bot to',
      errors: [{ field: 'guild_id', message: 'choose the guild to add the bot to' }],
    });
  });

  test('declining installs nothing: access_denied to the redirect URI, or to the confirmation page without one', async () => {
    const { owner, guild } = await ownedGuild();
    const codeFlow = { redirect_uri: bot.redirectUri, response_type: 'code', state: 'st' };
    const denied = await unchanged(t.db, () => install(t.app, owner, bot, guild.id, '0', { ...codeFlow, authorize: false }));
    assert.deepEqual([denied.redirect!.searchParams.get('error'), denied.redirect!.searchParams.get('state')], ['access_denied', 'st']);
    const cancelled = await unchanged(t.db, () => install(t.app, owner, bot, guild.id, '0', { authorize: false }));
    assert.deepEqual(cancelled.response.data, { redirect_to: `${t.config.issuer}/oauth2/authorized?application_id=${bot.clientId}&error=access_denied` });
  });
});

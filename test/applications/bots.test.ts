// Bot users: `Authorization: Bot` reaches /applications/@me and /users/@me; token reset and profile changes by the owner.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { bearer, botAuth, call, createTestApp, registerUser, type RegisteredUser } from '../helpers/app.js';
import { createApplication } from '../helpers/applications.js';
import { assertShape } from '../helpers/shapes.js';
import { forEachDialect } from '../helpers/stores.js';
import { suiteFixture } from '../helpers/suite-fixture.js';

forEachDialect('bot users', (dialect) => {
  const t = suiteFixture(() => createTestApp({ dialect }));
  let owner: RegisteredUser;
  before(async () => (owner = await registerUser(t.app)));

  const patchBot = (id: string, payload: object) =>
    call(t.app, { method: 'PATCH', url: `/api/v1/oauth2/applications/${id}/bot`, headers: bearer(owner.token), payload });
  const botView = (token: string) => call(t.app, { method: 'GET', url: '/api/v1/applications/@me', headers: botAuth(token) });

  test('GET /applications/@me with the bot token answers ApplicationsMeResponse', async () => {
    const created = await createApplication(t.app, owner, { name: 'Helper', description: 'Helps' });
    const response = await botView(created.bot.token);
    assert.equal(response.statusCode, 200);
    assertShape(response.data, 'ApplicationsMeResponse', { present: ['bot'] });
    const { token: _token, ...bot } = created.bot;
    assert.deepEqual(response.data, {
      id: created.id,
      name: 'Helper',
      description: 'Helps',
      icon: null,
      bot_public: true,
      bot_require_code_grant: false,
      flags: 0,
      bot,
    });
  });

  test('GET /users/@me with the bot token answers the bot user, without email', async () => {
    const created = await createApplication(t.app, owner, { name: 'Echo' });
    const response = await call(t.app, { method: 'GET', url: '/api/v1/users/@me', headers: botAuth(created.bot.token) });
    assert.equal(response.statusCode, 200);
    assert.deepEqual(response.data, {
      id: created.bot.id,
      username: 'Echo',
      discriminator: created.bot.discriminator,
      global_name: null,
      avatar: null,
      bot: true,
      system: false,
      flags: 0,
    });
  });

  test('a session token on /applications/@me and a wrong bot token answer 401 with a Bot challenge', async () => {
    const asSession = await call(t.app, { method: 'GET', url: '/api/v1/applications/@me', headers: bearer(owner.token) });
    assert.equal(asSession.statusCode, 401);
    assert.deepEqual(asSession.data, { code: 'UNAUTHORIZED', message: 'Unsupported authorization scheme' });
    assert.equal(asSession.headers['www-authenticate'], 'Bot realm="guildgate"');
    for (const token of ['ggb_not-a-real-token', owner.token]) {
      const wrong = await botView(token);
      assert.equal(wrong.statusCode, 401);
      assert.deepEqual(wrong.data, { code: 'UNAUTHORIZED', message: 'Invalid or expired token' });
    }
  });

  test('reset-token answers BotTokenResetResponse; the old token stops working at once', async () => {
    const created = await createApplication(t.app, owner);
    const response = await call(t.app, { method: 'POST', url: `/api/v1/oauth2/applications/${created.id}/bot/reset-token`, headers: bearer(owner.token) });
    assert.equal(response.statusCode, 200);
    assertShape(response.data, 'BotTokenResetResponse');
    assert.match(response.data.token, /^ggb_[A-Za-z0-9_-]{43}$/);
    assert.equal('token' in response.data.bot, false);
    assert.equal((await botView(created.bot.token)).statusCode, 401);
    assert.equal((await botView(response.data.token)).statusCode, 200);
  });

  test('PATCH /bot answers BotProfileResponse; bot_flags show on the bot; null clears bio', async () => {
    const created = await createApplication(t.app, owner);
    const response = await patchBot(created.id, { username: 'renamed.bot', discriminator: '0042', bio: 'I help', bot_flags: 48 });
    assert.equal(response.statusCode, 200);
    assertShape(response.data, 'BotProfileResponse');
    assert.deepEqual(response.data, { id: created.bot.id, username: 'renamed.bot', discriminator: '0042', avatar: null, banner: null, bio: 'I help' });
    assert.equal((await botView(created.bot.token)).data.bot.flags, 48);
    const cleared = await patchBot(created.id, { bio: null, bot_flags: 16 });
    assert.deepEqual([cleared.data.bio, cleared.data.username], [null, 'renamed.bot']);
    assert.equal((await botView(created.bot.token)).data.bot.flags, 16);
  });

  test('a taken username and discriminator answer 409 USERNAME_TAKEN and change nothing', async () => {
    const first = await createApplication(t.app, owner);
    const second = await createApplication(t.app, owner);
    await patchBot(first.id, { username: 'Taken_Name', discriminator: '1234' });
    await patchBot(second.id, { username: 'other_name', discriminator: '1234', bio: 'kept' });
    const response = await patchBot(second.id, { username: 'taken_name', bio: 'changed' });
    assert.equal(response.statusCode, 409);
    assert.deepEqual(response.data, { code: 'USERNAME_TAKEN', message: 'That username and discriminator are taken' });
    const bot = (await botView(second.bot.token)).data.bot;
    assert.deepEqual([bot.username, bot.discriminator, bot.bio], ['other_name', '1234', 'kept']);
    const free = await patchBot(second.id, { username: 'taken_name', discriminator: '1235' });
    assert.equal(free.statusCode, 200);
  });

  test('bad bot profile input answers 400 and changes nothing', async () => {
    const created = await createApplication(t.app, owner);
    const before = (await botView(created.bot.token)).data.bot;
    const flagsError = 'only FRIENDLY_BOT (16) and FRIENDLY_BOT_MANUAL_APPROVAL (32) may be set';
    const cases: [object, object][] = [
      [{ bot_flags: 1 }, { code: 'INVALID_FORM_BODY', message: `Invalid bot_flags: ${flagsError}`, errors: [{ field: 'bot_flags', message: flagsError }] }],
      [
        { bot_flags: 64, bio: 'x' },
        { code: 'INVALID_FORM_BODY', message: `Invalid bot_flags: ${flagsError}`, errors: [{ field: 'bot_flags', message: flagsError }] },
      ],
      [
        { discriminator: '0000' },
        {
          code: 'INVALID_FORM_BODY',
          message: 'Invalid request: discriminator must match pattern "^(?!0000)[0-9]{4}$"',
          errors: [{ field: 'discriminator', message: 'must match pattern "^(?!0000)[0-9]{4}$"' }],
        },
      ],
      [
        { username: 'has space' },
        {
          code: 'INVALID_FORM_BODY',
          message: 'Invalid request: username must match pattern "^[A-Za-z0-9_.]{2,32}$"',
          errors: [{ field: 'username', message: 'must match pattern "^[A-Za-z0-9_.]{2,32}$"' }],
        },
      ],
      [
        { bio: 'x'.repeat(1025) },
        {
          code: 'INVALID_FORM_BODY',
          message: 'Invalid request: bio must NOT have more than 1024 characters',
          errors: [{ field: 'bio', message: 'must NOT have more than 1024 characters' }],
        },
      ],
      [
        { bot_flags: '16' },
        { code: 'INVALID_FORM_BODY', message: 'Invalid request: bot_flags must be integer', errors: [{ field: 'bot_flags', message: 'must be integer' }] },
      ],
      [{ flags: 16 }, { code: 'INVALID_FORM_BODY', message: 'Invalid request: flags is not allowed', errors: [{ field: 'flags', message: 'is not allowed' }] }],
    ];
    for (const [payload, body] of cases) {
      const response = await patchBot(created.id, payload);
      assert.equal(response.statusCode, 400, JSON.stringify(payload));
      assert.deepEqual(response.data, body);
    }
    assert.deepEqual((await botView(created.bot.token)).data.bot, before);
  });
});

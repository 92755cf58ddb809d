// Guilds over HTTP: create and read, members and their permissions, who may manage, leaving, and the caller's guild list.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { ALL_PERMISSIONS } from '../../src/guilds/permissions.js';
import { bearer, call, createTestApp, registerUser, unchanged, type RegisteredUser, type TestApp } from '../helpers/app.js';
import { seedApplication } from '../helpers/seed-application.js';
import { forEachDialect } from '../helpers/stores.js';

const ALL = ALL_PERMISSIONS.toString();
const MANAGE_GUILD = '32';
const SEND_MESSAGES = '2048';
const KICK_MEMBERS = '2';
const MISSING_ACCESS = { code: 'MISSING_ACCESS', message: 'You are not a member of this guild' };
const OWNER_IMMUTABLE = { code: 'CANNOT_MODIFY_OWNER', message: "The guild owner's membership cannot be changed" };

forEachDialect('guilds', (dialect) => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp({ dialect });
  });
  after(() => t.close());

  const createGuild = (user: RegisteredUser, payload: object) => call(t.app, { method: 'POST', url: '/api/v1/guilds', headers: bearer(user.token), payload });
  const getGuild = (user: RegisteredUser, id: string) => call(t.app, { method: 'GET', url: `/api/v1/guilds/${id}`, headers: bearer(user.token) });
  const members = (user: RegisteredUser, id: string, query = '') =>
    call(t.app, { method: 'GET', url: `/api/v1/guilds/${id}/members${query}`, headers: bearer(user.token) });
  const putMember = (user: RegisteredUser, id: string, userId: string, payload: object = {}) =>
    call(t.app, { method: 'PUT', url: `/api/v1/guilds/${id}/members/${userId}`, headers: bearer(user.token), payload });
  const removeMember = (user: RegisteredUser, id: string, userId: string) =>
    call(t.app, { method: 'DELETE', url: `/api/v1/guilds/${id}/members/${userId}`, headers: bearer(user.token) });
  const myGuilds = (user: RegisteredUser) => call(t.app, { method: 'GET', url: '/api/v1/users/@me/guilds', headers: bearer(user.token) });
  const memberJson = (user: RegisteredUser, permissions: string) => ({
    user: { id: user.id, username: user.username, discriminator: '0', global_name: null, avatar: null, bot: false },
    permissions,
    joined_at: new Date(t.clock.now()).toISOString(),
  });

  /** A guild owned by a fresh user, with members holding the given permissions. */
  async function guildWith(...grants: string[]) {
    const owner = await registerUser(t.app);
    const guild = (await createGuild(owner, { name: 'Test Guild' })).data;
    const users: RegisteredUser[] = [];
    for (const permissions of grants) {
      const user = await registerUser(t.app);
      assert.equal((await putMember(owner, guild.id, user.id, { permissions })).statusCode, 201);
      users.push(user);
    }
    return { owner, guild, users };
  }

  test('the creator owns a new guild, reads it and lists it with every permission', async () => {
    const owner = await registerUser(t.app);
    const created = await createGuild(owner, { name: 'Miki Lounge', icon: 'a_0123456789abcdef0123456789abcdef' });
    assert.equal(created.statusCode, 201);
    assert.match(created.data.id, /^\d{1,20}$/);
    const guild = { id: created.data.id, name: 'Miki Lounge', icon: 'a_0123456789abcdef0123456789abcdef', owner_id: owner.id };
    assert.deepEqual(created.data, guild);
    const read = await getGuild(owner, guild.id);
    assert.equal(read.statusCode, 200);
    assert.deepEqual(read.data, guild);
    const list = await myGuilds(owner);
    assert.equal(list.statusCode, 200);
    assert.deepEqual(list.data, [{ id: guild.id, name: 'Miki Lounge', icon: guild.icon, owner: true, permissions: ALL }]);
    const noIcon = await createGuild(owner, { name: 'x' });
    assert.deepEqual(noIcon.data, { id: noIcon.data.id, name: 'x', icon: null, owner_id: owner.id });
  });

  test('bad guild input is refused and creates nothing', async () => {
    const owner = await registerUser(t.app);
    const cases: [object, string][] = [
      [{}, 'name'],
      [{ name: '' }, 'name'],
      [{ name: '   ' }, 'name'],
      [{ name: 'x'.repeat(101) }, 'name'],
      [{ name: 7 }, 'name'],
      [{ name: 'ok', icon: 'not a hash!' }, 'icon'],
      [{ name: 'ok', owner_id: owner.id }, 'owner_id'],
    ];
    for (const [payload, field] of cases) {
      const response = await unchanged(t.db, () => createGuild(owner, payload));
      assert.equal(response.statusCode, 400, JSON.stringify(payload));
      assert.equal(response.data.code, 'INVALID_FORM_BODY');
      assert.equal(response.data.errors[0].field, field, JSON.stringify(payload));
    }
  });

  test('non-members get 403 MISSING_ACCESS, unknown guilds 404, malformed ids 400, no credentials 401', async () => {
    const { guild } = await guildWith();
    const stranger = await registerUser(t.app);
    const refused = await getGuild(stranger, guild.id);
    assert.equal(refused.statusCode, 403);
    assert.deepEqual(refused.data, MISSING_ACCESS);
    const unknown = await getGuild(stranger, '123456789');
    assert.equal(unknown.statusCode, 404);
    assert.deepEqual(unknown.data, { code: 'UNKNOWN_GUILD', message: 'Unknown guild' });
    assert.equal((await getGuild(stranger, 'abc')).statusCode, 400);
    assert.equal((await call(t.app, { method: 'GET', url: `/api/v1/guilds/${guild.id}` })).statusCode, 401);
    assert.deepEqual((await members(stranger, guild.id)).data, MISSING_ACCESS);
  });

  test('the owner adds and updates members; managers list them with permissions and join times', async () => {
    const { owner, guild } = await guildWith();
    const alice = await registerUser(t.app);
    const added = await putMember(owner, guild.id, alice.id, { permissions: SEND_MESSAGES });
    assert.equal(added.statusCode, 201);
    assert.deepEqual(added.data, memberJson(alice, SEND_MESSAGES));
    const kept = await call(t.app, { method: 'PUT', url: `/api/v1/guilds/${guild.id}/members/${alice.id}`, headers: bearer(owner.token) });
    assert.equal(kept.statusCode, 200);
    assert.deepEqual(kept.data, memberJson(alice, SEND_MESSAGES));
    t.clock.advance(60);
    const updated = await putMember(owner, guild.id, alice.id, { permissions: '2080' });
    assert.equal(updated.statusCode, 200);
    assert.equal(updated.data.permissions, '2080');
    assert.equal(updated.data.joined_at, new Date(t.clock.now() - 60_000).toISOString(), 'joined_at is kept');
    const list = await members(owner, guild.id);
    assert.equal(list.statusCode, 200);
    const expected = [
      { ...memberJson(owner, ALL), joined_at: new Date(t.clock.now() - 60_000).toISOString() },
      { ...memberJson(alice, '2080'), joined_at: new Date(t.clock.now() - 60_000).toISOString() },
    ];
    assert.deepEqual(list.data, expected, 'by ascending user id');
    assert.deepEqual((await members(alice, guild.id)).data, expected, 'MANAGE_GUILD may list');
    assert.deepEqual((await members(owner, guild.id, '?limit=1')).data, expected.slice(0, 1));
    assert.deepEqual((await members(owner, guild.id, `?after=${owner.id}`)).data, expected.slice(1));
    for (const bad of ['?limit=0', '?limit=1001', '?limit=abc', '?after=x', '?offset=1']) {
      assert.equal((await members(owner, guild.id, bad)).statusCode, 400, bad);
    }
    const seen = await myGuilds(alice);
    assert.deepEqual(seen.data, [{ id: guild.id, name: 'Test Guild', icon: null, owner: false, permissions: '2080' }]);
  });

  test('a member without MANAGE_GUILD is refused (403) and changes nothing', async () => {
    const { guild, users } = await guildWith(SEND_MESSAGES, SEND_MESSAGES);
    const [member, other] = users as [RegisteredUser, RegisteredUser];
    const newcomer = await registerUser(t.app);
    const list = await unchanged(t.db, () => members(member, guild.id));
    assert.equal(list.statusCode, 403);
    assert.deepEqual(list.data, { code: 'MISSING_PERMISSIONS', message: 'Listing members needs MANAGE_GUILD' });
    const add = await unchanged(t.db, () => putMember(member, guild.id, newcomer.id, { permissions: '0' }));
    assert.equal(add.statusCode, 403);
    assert.deepEqual(add.data, { code: 'MISSING_PERMISSIONS', message: 'Managing members needs MANAGE_GUILD' });
    const raise = await unchanged(t.db, () => putMember(member, guild.id, member.id, { permissions: MANAGE_GUILD }));
    assert.equal(raise.statusCode, 403);
    const kick = await unchanged(t.db, () => removeMember(member, guild.id, other.id));
    assert.equal(kick.statusCode, 403);
    assert.deepEqual(kick.data, { code: 'MISSING_PERMISSIONS', message: 'Removing members needs MANAGE_GUILD' });
    const stranger = await registerUser(t.app);
    const foreign = await unchanged(t.db, () => putMember(stranger, guild.id, stranger.id, { permissions: '8' }));
    assert.deepEqual([foreign.statusCode, foreign.data], [403, MISSING_ACCESS]);
  });

  test('a manager grants and revokes only bits it holds; an administrator grants anything', async () => {
    const { guild, users } = await guildWith(String(32n | 2048n), '8', KICK_MEMBERS);
    const [manager, admin, kicker] = users as [RegisteredUser, RegisteredUser, RegisteredUser];
    const target = await registerUser(t.app);
    const tooMuch = await unchanged(t.db, () => putMember(manager, guild.id, target.id, { permissions: String(2048n | 2n) }));
    assert.equal(tooMuch.statusCode, 403);
    assert.deepEqual(tooMuch.data, { code: 'MISSING_PERMISSIONS', message: 'You cannot grant or revoke permissions you do not have' });
    const adminGrant = await unchanged(t.db, () => putMember(manager, guild.id, target.id, { permissions: '8' }));
    assert.equal(adminGrant.statusCode, 403);
    const revoke = await unchanged(t.db, () => putMember(manager, guild.id, kicker.id, { permissions: '0' }));
    assert.equal(revoke.statusCode, 403, 'cannot revoke KICK_MEMBERS it lacks');
    const kick = await unchanged(t.db, () => removeMember(manager, guild.id, admin.id));
    assert.deepEqual([kick.statusCode, kick.data.message], [403, 'You cannot remove a member holding permissions you do not have']);
    assert.equal((await putMember(manager, guild.id, target.id, { permissions: SEND_MESSAGES })).statusCode, 201);
    const granted = await putMember(admin, guild.id, target.id, { permissions: String(ALL_PERMISSIONS) });
    assert.deepEqual([granted.statusCode, granted.data.permissions], [200, ALL]);
    assert.equal((await removeMember(admin, guild.id, kicker.id)).statusCode, 204);
  });

  test('permissions are a decimal string; unknown bits are dropped; bad values change nothing', async () => {
    const { owner, guild } = await guildWith();
    const user = await registerUser(t.app);
    for (const bad of ['abc', '-1', '1e3', '1'.repeat(21), '18446744073709551616']) {
      const response = await unchanged(t.db, () => putMember(owner, guild.id, user.id, { permissions: bad }));
      assert.equal(response.statusCode, 400, bad);
      assert.deepEqual(response.data, {
        code: 'INVALID_FORM_BODY',
        message: `Invalid permissions: ${bad.length > 20 || !/^\d+$/.test(bad) ? 'must be a decimal integer string of at most 20 digits' : 'must fit in 64 bits'}`,
        errors: [
          {
            field: 'permissions',
            message: bad.length > 20 || !/^\d+$/.test(bad) ? 'must be a decimal integer string of at most 20 digits' : 'must fit in 64 bits',
          },
        ],
      });
    }
    const numeric = await unchanged(t.db, () => putMember(owner, guild.id, user.id, { permissions: 8 }));
    assert.equal(numeric.statusCode, 400);
    const masked = await putMember(owner, guild.id, user.id, { permissions: String((1n << 47n) | (1n << 63n) | 8n) });
    assert.deepEqual([masked.statusCode, masked.data.permissions], [201, '8']);
    assert.deepEqual((await myGuilds(user)).data[0].permissions, ALL, 'an administrator holds everything');
  });

  test("nobody changes or removes the owner's membership", async () => {
    const { owner, guild, users } = await guildWith('8');
    const admin = users[0]!;
    for (const [actor, request] of [
      [owner, () => putMember(owner, guild.id, owner.id, { permissions: '0' })],
      [admin, () => putMember(admin, guild.id, owner.id, { permissions: '0' })],
      [owner, () => removeMember(owner, guild.id, owner.id)],
      [admin, () => removeMember(admin, guild.id, owner.id)],
    ] as const) {
      const response = await unchanged(t.db, request);
      assert.deepEqual([response.statusCode, response.data], [403, OWNER_IMMUTABLE], actor.username);
    }
  });

  test('a member leaves; unknown users and members are 404; bots join only by install', async () => {
    const { owner, guild, users } = await guildWith(SEND_MESSAGES);
    const member = users[0]!;
    assert.equal((await removeMember(member, guild.id, member.id)).statusCode, 204);
    assert.deepEqual((await getGuild(member, guild.id)).data, MISSING_ACCESS);
    assert.deepEqual((await myGuilds(member)).data, []);
    const gone = await unchanged(t.db, () => removeMember(owner, guild.id, member.id));
    assert.deepEqual([gone.statusCode, gone.data], [404, { code: 'UNKNOWN_MEMBER', message: 'Unknown member' }]);
    const nobody = await unchanged(t.db, () => putMember(owner, guild.id, '42'));
    assert.deepEqual([nobody.statusCode, nobody.data], [404, { code: 'UNKNOWN_USER', message: 'Unknown user' }]);
    const application = await seedApplication(t.db.store, owner.id);
    const bot = await unchanged(t.db, () => putMember(owner, guild.id, application.botUserId));
    assert.deepEqual(
      [bot.statusCode, bot.data],
      [400, { code: 'BOT_MEMBER_NOT_ALLOWED', message: 'Bots join and leave a guild by being installed and removed (integrations), not as members' }],
    );
  });

  test("/users/@me/guilds lists only the caller's guilds, oldest membership first", async () => {
    const user = await registerUser(t.app);
    assert.deepEqual((await myGuilds(user)).data, []);
    const own = (await createGuild(user, { name: 'Mine' })).data;
    t.clock.advance(1);
    const { owner, guild } = await guildWith();
    await putMember(owner, guild.id, user.id, { permissions: KICK_MEMBERS });
    await guildWith();
    assert.deepEqual((await myGuilds(user)).data, [
      { id: own.id, name: 'Mine', icon: null, owner: true, permissions: ALL },
      { id: guild.id, name: 'Test Guild', icon: null, owner: false, permissions: KICK_MEMBERS },
    ]);
    assert.equal((await call(t.app, { method: 'GET', url: '/api/v1/users/@me/guilds' })).statusCode, 401);
  });
});

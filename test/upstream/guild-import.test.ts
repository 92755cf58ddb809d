// Guild import at upstream login: guilds under their upstream ids, memberships and permissions refreshed at each login, owners followed.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ALL_PERMISSIONS } from '../../src/guilds/permissions.js';
import { bearer, call, createTestApp, registerUser, type RegisteredUser } from '../helpers/app.js';
import { forEachDialect } from '../helpers/stores.js';
import { suiteFixture } from '../helpers/suite-fixture.js';
import { APP_REDIRECT, startUpstreamGuildgate } from '../helpers/upstream.js';

const ALL = ALL_PERMISSIONS.toString();
const KICK_MEMBERS = '2';
const MANAGE_GUILD_AND_SEND = '2080';
const SEND_MESSAGES = '2048';

forEachDialect('upstream guild import', (dialect) => {
  const up = suiteFixture(() => startUpstreamGuildgate(dialect));
  const t = suiteFixture(() => createTestApp({ dialect, env: up.env('GG') }));

  /** Logs the upstream user in here; returns the local session token. */
  async function loginHere(user: RegisteredUser, scope = 'identify guilds'): Promise<string> {
    const response = await call(t.app, {
      method: 'POST',
      url: '/api/v1/auth/oauth2',
      payload: { code: await up.code(user, { scope }), redirect_uri: APP_REDIRECT },
    });
    assert.equal(response.statusCode, 200, response.body);
    return response.data.token;
  }
  const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : 1);
  async function guildsHere(token: string) {
    const response = await call(t.app, { method: 'GET', url: '/api/v1/users/@me/guilds', headers: bearer(token) });
    assert.equal(response.statusCode, 200, response.body);
    return (response.data as { id: string }[]).sort(byId);
  }
  const entry = (id: string, name: string, owner: boolean, permissions: string, icon: string | null = null) => ({ id, name, icon, owner, permissions });
  const providerAccount = async () => (await t.db.store.identities.find('gg', '0'))!.userId;

  test('a first login imports the upstream guilds under their ids, with the permissions the user holds there', async () => {
    const owner = await registerUser(up.t.app);
    const member = await registerUser(up.t.app);
    const own = await up.guild(member, 'Own Guild');
    const managed = await up.guild(owner, 'Managed Guild', [[member, MANAGE_GUILD_AND_SEND]]);
    const plain = await up.guild(owner, 'Plain Guild', [[member, '0']]);

    const token = await loginHere(member);
    assert.deepEqual(
      await guildsHere(token),
      [entry(own, 'Own Guild', true, ALL), entry(managed, 'Managed Guild', false, MANAGE_GUILD_AND_SEND), entry(plain, 'Plain Guild', false, '0')].sort(byId),
    );
    // The upstream owner has not logged in here: the provider's system user holds the guild, not the member.
    const system = await providerAccount();
    assert.equal((await t.db.store.users.findById(system))?.system, true);
    assert.deepEqual(await t.db.store.guilds.findById(managed), {
      id: managed,
      name: 'Managed Guild',
      icon: null,
      ownerId: system,
      createdAt: t.clock.now(),
      sourceProvider: 'gg',
    });
    assert.equal((await t.db.store.guilds.findById(own))?.ownerId, member.id);
    assert.equal(await t.db.store.guilds.findMember(managed, system), null);
  });

  test('a later login follows the upstream: new guilds, renames, permission changes and memberships gone', async () => {
    const owner = await registerUser(up.t.app);
    const member = await registerUser(up.t.app);
    const renamed = await up.guild(owner, 'Before', [[member, SEND_MESSAGES]]);
    const left = await up.guild(owner, 'Left Guild', [[member, SEND_MESSAGES]]);
    await loginHere(member);

    await up.t.db.store.guilds.update(renamed, { name: 'After', icon: 'b_0123456789abcdef' });
    await call(up.t.app, {
      method: 'PUT',
      url: `/api/v1/guilds/${renamed}/members/${member.id}`,
      headers: bearer(owner.token),
      payload: { permissions: KICK_MEMBERS },
    });
    await call(up.t.app, { method: 'DELETE', url: `/api/v1/guilds/${left}/members/${member.id}`, headers: bearer(owner.token) });
    const joined = await up.guild(owner, 'New Guild', [[member, SEND_MESSAGES]]);

    const token = await loginHere(member);
    assert.deepEqual(
      await guildsHere(token),
      [entry(renamed, 'After', false, KICK_MEMBERS, 'b_0123456789abcdef'), entry(joined, 'New Guild', false, SEND_MESSAGES)].sort(byId),
    );
    // The guild stays for its other members; only this membership went.
    assert.equal((await t.db.store.guilds.findById(left))?.name, 'Left Guild');
    assert.equal(await t.db.store.guilds.findMember(left, member.id), null);
  });

  test('ownership follows the upstream owner as each logs in here', async () => {
    const first = await registerUser(up.t.app);
    const second = await registerUser(up.t.app);
    const guild = await up.guild(first, 'Handed Over', [[second, SEND_MESSAGES]]);
    await loginHere(second);
    assert.equal((await t.db.store.guilds.findById(guild))?.ownerId, await providerAccount());
    await loginHere(first);
    assert.equal((await t.db.store.guilds.findById(guild))?.ownerId, first.id);

    await up.t.db.store.guilds.update(guild, { ownerId: second.id });
    const firstToken = await loginHere(first);
    assert.equal((await t.db.store.guilds.findById(guild))?.ownerId, await providerAccount());
    assert.deepEqual(await guildsHere(firstToken), [entry(guild, 'Handed Over', false, ALL)]);
    const secondToken = await loginHere(second);
    assert.equal((await t.db.store.guilds.findById(guild))?.ownerId, second.id);
    assert.deepEqual(await guildsHere(secondToken), [entry(guild, 'Handed Over', true, ALL)]);
  });

  test('guilds created here keep their members through upstream logins', async () => {
    const user = await registerUser(up.t.app);
    const imported = await up.guild(user, 'Imported');
    const token = await loginHere(user);
    const local = await call(t.app, { method: 'POST', url: '/api/v1/guilds', headers: bearer(token), payload: { name: 'Made Here' } });
    assert.equal(local.statusCode, 201);
    const refreshed = await guildsHere(await loginHere(user));
    assert.deepEqual(refreshed, [entry(imported, 'Imported', true, ALL), entry(local.data.id, 'Made Here', true, ALL)].sort(byId));
    assert.equal((await t.db.store.guilds.findById(local.data.id))?.sourceProvider, null);
  });

  test('an upstream guild whose id a guild made here holds is skipped', async () => {
    const user = await registerUser(up.t.app);
    const upstreamGuild = await up.guild(user, 'From Upstream');
    const someone = await registerUser(t.app);
    await t.db.store.guilds.create({ id: upstreamGuild, name: 'Made Here First', icon: null, ownerId: someone.id, createdAt: 0, sourceProvider: null });
    const token = await loginHere(user);
    assert.deepEqual(await guildsHere(token), []);
    assert.deepEqual(await t.db.store.guilds.findById(upstreamGuild), {
      id: upstreamGuild,
      name: 'Made Here First',
      icon: null,
      ownerId: someone.id,
      createdAt: 0,
      sourceProvider: null,
    });
  });

  test('a token without the guilds scope imports nothing and keeps the memberships', async () => {
    const owner = await registerUser(up.t.app);
    const member = await registerUser(up.t.app);
    const kept = await up.guild(owner, 'Kept', [[member, SEND_MESSAGES]]);
    await loginHere(member);
    await call(up.t.app, { method: 'DELETE', url: `/api/v1/guilds/${kept}/members/${member.id}`, headers: bearer(owner.token) });
    await up.guild(member, 'Not Imported');
    const token = await loginHere(member, 'identify');
    assert.deepEqual(await guildsHere(token), [entry(kept, 'Kept', false, SEND_MESSAGES)]);
  });
});

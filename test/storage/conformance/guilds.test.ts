// Storage conformance, guilds: guilds, members with their pages, and installed integrations, the same on every dialect.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { newId } from '../../../src/ids.js';
import type { GuildMemberRecord, GuildRecord, UserRecord } from '../../../src/storage/types.js';
import { UniqueViolationError } from '../../../src/storage/types.js';
import { newToken, newUser } from '../../helpers/records.js';
import { seedApplication } from '../../helpers/seed-application.js';
import { forEachDialect, openTestStore } from '../../helpers/stores.js';
import { suiteFixture } from '../../helpers/suite-fixture.js';

const NOW = 1_800_000_000_000;

forEachDialect('storage conformance: guilds and integrations', (dialect) => {
  const db = suiteFixture(() => openTestStore(dialect));
  let owner: UserRecord;
  before(async () => {
    owner = await db.store.users.create(newUser());
  });

  const guild = (overrides: Partial<GuildRecord> = {}): GuildRecord => ({
    id: newId(),
    name: 'Guild',
    icon: null,
    ownerId: owner.id,
    createdAt: NOW,
    sourceProvider: null,
    ...overrides,
  });

  test('guilds: created once per id, found and updated by the given fields only', async () => {
    const record = guild({ sourceProvider: 'discord', icon: 'a'.repeat(32) });
    await db.store.guilds.create(record);
    await assert.rejects(db.store.guilds.create({ ...record, name: 'Again' }), UniqueViolationError);
    assert.deepEqual(await db.store.guilds.findById(record.id), record);
    assert.equal(await db.store.guilds.findById(newId()), null);
    const heir = await db.store.users.create(newUser());
    assert.deepEqual(await db.store.guilds.update(record.id, { name: 'Renamed', ownerId: heir.id }), { ...record, name: 'Renamed', ownerId: heir.id });
    assert.deepEqual(await db.store.guilds.update(record.id, { icon: null }), { ...record, name: 'Renamed', ownerId: heir.id, icon: null });
    assert.deepEqual(await db.store.guilds.findById(record.id), { ...record, name: 'Renamed', ownerId: heir.id, icon: null });
    assert.equal(await db.store.guilds.update(newId(), { name: 'x' }), null);
  });

  test('guilds: members added once, found, updated, removed, and listed per user oldest first', async () => {
    const [first, second] = [guild(), guild()];
    await db.store.guilds.create(first);
    await db.store.guilds.create(second);
    const user = await db.store.users.create(newUser());
    const inFirst: GuildMemberRecord = { guildId: first.id, userId: user.id, permissions: 1n << 40n, joinedAt: NOW + 2 };
    const inSecond: GuildMemberRecord = { guildId: second.id, userId: user.id, permissions: 0n, joinedAt: NOW + 1 };
    await db.store.guilds.addMember(inFirst);
    await db.store.guilds.addMember(inSecond);
    await assert.rejects(db.store.guilds.addMember({ ...inFirst, joinedAt: NOW + 9 }), UniqueViolationError);
    assert.deepEqual(await db.store.guilds.findMember(first.id, user.id), inFirst);
    assert.equal(await db.store.guilds.findMember(first.id, owner.id), null);
    assert.deepEqual(await db.store.guilds.listForUser(user.id), [
      { guild: second, member: inSecond },
      { guild: first, member: inFirst },
    ]);
    const all = (1n << 63n) - 1n;
    assert.deepEqual(await db.store.guilds.updateMember(first.id, user.id, all), { ...inFirst, permissions: all });
    assert.deepEqual(await db.store.guilds.findMember(first.id, user.id), { ...inFirst, permissions: all });
    assert.equal(await db.store.guilds.updateMember(first.id, owner.id, 1n), null);
    assert.equal(await db.store.guilds.removeMember(second.id, user.id), true);
    assert.equal(await db.store.guilds.removeMember(second.id, user.id), false);
    assert.deepEqual(await db.store.guilds.listForUser(user.id), [{ guild: first, member: { ...inFirst, permissions: all } }]);
    assert.deepEqual(await db.store.guilds.listForUser(owner.id), []);
  });

  test('guilds: listMembers pages by ascending numeric user id after the given one', async () => {
    const record = guild();
    await db.store.guilds.create(record);
    // Ids of different lengths: numeric order is not text order.
    const users = await Promise.all(['9001', '10001', '11001', '200001'].map((id) => db.store.users.create(newUser({ id }))));
    for (const [i, user] of users.entries()) await db.store.guilds.addMember({ guildId: record.id, userId: user.id, permissions: BigInt(i), joinedAt: NOW });
    const ids = users.map((u) => u.id).sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : 1));
    const page = async (limit: number, after?: string) => (await db.store.guilds.listMembers(record.id, { limit, after })).map(({ member }) => member.userId);
    assert.deepEqual(await page(10), ids);
    assert.deepEqual(await page(2), ids.slice(0, 2));
    assert.deepEqual(await page(2, ids[1]), ids.slice(2, 4));
    assert.deepEqual(await page(2, ids[3]), []);
    const [one] = await db.store.guilds.listMembers(record.id, { limit: 1 });
    const user = users.find((u) => u.id === ids[0])!;
    assert.deepEqual(one, { member: { guildId: record.id, userId: user.id, permissions: BigInt(users.indexOf(user)), joinedAt: NOW }, user });
  });

  test('integrations: upsert creates or updates keeping the id, listed oldest first, deleted with codes and tokens unbound', async () => {
    const record = guild();
    await db.store.guilds.create(record);
    const [first, second] = [await seedApplication(db.store, owner.id), await seedApplication(db.store, owner.id)];
    const install = { id: newId(), guildId: record.id, applicationId: first.id, permissions: 8n, scopes: ['bot'], installedBy: owner.id, installedAt: NOW };
    assert.deepEqual(await db.store.integrations.upsert(install), install);
    const again = { ...install, id: newId(), permissions: 1n << 50n, scopes: ['bot', 'applications.commands'], installedBy: null, installedAt: NOW + 5 };
    assert.deepEqual(await db.store.integrations.upsert(again), { ...again, id: install.id }, 'the existing install keeps its id');
    assert.deepEqual(await db.store.integrations.find(record.id, first.id), { ...again, id: install.id });
    assert.equal(await db.store.integrations.find(record.id, second.id), null);
    const other = { id: newId(), guildId: record.id, applicationId: second.id, permissions: 0n, scopes: ['bot'], installedBy: owner.id, installedAt: NOW + 1 };
    await db.store.integrations.upsert(other);
    const listed = await db.store.integrations.listByGuild(record.id);
    assert.deepEqual(
      listed.map(({ integration, application, bot }) => [integration, application, bot.id]),
      [
        [other, second, second.botUserId],
        [{ ...again, id: install.id }, first, first.botUserId],
      ],
    );
    const authorizationId = (await db.store.authorizations.grant(owner.id, first.id, ['bot'], NOW)).id;
    const token = newToken({ applicationId: first.id, userId: owner.id, authorizationId }, { scopes: ['bot'], guildId: record.id, integrationId: install.id });
    await db.store.tokens.create([token]);
    assert.deepEqual(await db.store.integrations.delete(record.id, first.id), { ...again, id: install.id });
    assert.equal(await db.store.integrations.delete(record.id, first.id), null);
    assert.deepEqual((await db.store.tokens.find(token.digest))?.token, { ...token, integrationId: null }, 'the token lost its install');
    assert.deepEqual(
      (await db.store.integrations.listByGuild(record.id)).map(({ integration }) => integration),
      [other],
    );
  });
});

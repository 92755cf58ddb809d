// Store conformance for upstream login: linked identities (unique, cascading with the user), imported guilds without an owner member, guild updates.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { newId } from '../../src/ids.js';
import { UniqueViolationError, type NewUser } from '../../src/storage/types.js';
import { newUser } from '../helpers/records.js';
import { forEachDialect, openTestStore, type TestStore } from '../helpers/stores.js';

const human = (): NewUser => newUser();

forEachDialect('linked identities and imported guilds in the store', (dialect) => {
  let db: TestStore;
  before(async () => {
    db = await openTestStore(dialect);
  });
  after(() => db.close());

  test('an upstream account links to one user per provider with its name, is listed per user, and the link goes with the user', async () => {
    const { store } = db;
    const user = await store.users.create(human());
    const other = await store.users.create(human());
    const link = { provider: 'discord', upstreamUserId: '80351110224678912', userId: user.id, createdAt: 2_000, name: 'Nelly' };
    await store.identities.create(link);
    await store.identities.create({ ...link, provider: 'gg', userId: other.id });
    assert.deepEqual(await store.identities.find('discord', link.upstreamUserId), link);
    assert.equal(await store.identities.find('discord', '1'), null);
    await store.identities.rename('discord', link.upstreamUserId, 'Nelly2');
    assert.deepEqual(await store.identities.listForUser(user.id), [{ ...link, name: 'Nelly2' }]);
    assert.deepEqual(await store.identities.listForUser(newId()), []);
    await assert.rejects(store.identities.create({ ...link, userId: other.id }), UniqueViolationError);
    assert.equal(await store.users.delete(user.id), true);
    assert.equal(await store.identities.find('discord', link.upstreamUserId), null);
    assert.equal((await store.identities.find('gg', link.upstreamUserId))?.userId, other.id);
  });

  test('an imported guild is created without an owner member, keeps its provider, and is updated in place', async () => {
    const { store } = db;
    const owner = await store.users.create(human());
    const next = await store.users.create(human());
    const guild = { id: '81384788765712384', name: 'Discord API', icon: null, ownerId: owner.id, createdAt: 3_000, sourceProvider: 'discord' };
    await store.guilds.create(guild);
    assert.deepEqual(await store.guilds.findById(guild.id), guild);
    assert.equal(await store.guilds.findMember(guild.id, owner.id), null);
    await assert.rejects(store.guilds.create({ ...guild, sourceProvider: null }), UniqueViolationError);

    const updated = await store.guilds.update(guild.id, { name: 'Renamed', icon: 'a_1', ownerId: next.id });
    assert.deepEqual(updated, { ...guild, name: 'Renamed', icon: 'a_1', ownerId: next.id });
    assert.deepEqual(await store.guilds.update(guild.id, {}), updated);
    assert.equal(await store.guilds.update(newId(), { name: 'x' }), null);
  });
});

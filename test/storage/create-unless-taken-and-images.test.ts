// Store conformance for this additions: createUnlessTaken keeps a transaction usable on a taken name; image bytes round-trip.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { newId } from '../../src/ids.js';
import type { NewUser } from '../../src/storage/types.js';
import { forEachDialect, openTestStore, type TestStore } from '../helpers/stores.js';

function botUser(username: string, discriminator: string): NewUser {
  return {
    id: newId(),
    username,
    discriminator,
    globalName: null,
    avatar: null,
    email: null,
    verified: false,
    flags: 0,
    bot: true,
    system: false,
    admin: false,
    state: 'normal',
    passwordHash: null,
    createdAt: Date.UTC(2026, 0, 1),
  };
}

forEachDialect('store additions', (dialect) => {
  let db: TestStore;
  before(async () => {
    db = await openTestStore(dialect);
  });
  after(() => db.close());

  test('createUnlessTaken answers null on a taken username+discriminator and the transaction goes on', async () => {
    await db.store.users.create(botUser('Taken', '0001'));
    const result = await db.store.transaction(async (store) => {
      const clash = await store.users.createUnlessTaken(botUser('taken', '0001'));
      const next = await store.users.createUnlessTaken(botUser('taken', '0002'));
      return { clash, next };
    });
    assert.equal(result.clash, null);
    assert.equal(result.next?.discriminator, '0002');
    assert.equal((await db.store.users.findById(result.next!.id))?.username, 'taken');
  });

  test('users.delete removes the user and answers whether it existed', async () => {
    const user = await db.store.users.create(botUser('gone', '0003'));
    assert.equal(await db.store.users.delete(user.id), true);
    assert.equal(await db.store.users.findById(user.id), null);
    assert.equal(await db.store.users.delete(user.id), false);
  });

  test('images round-trip their bytes, and a second put of the same hash only refreshes its time', async () => {
    const bytes = Buffer.from([0, 1, 2, 250, 255, 0, 10, 13]);
    const image = { hash: 'a'.repeat(64), contentType: 'image/png', bytes, createdAt: 1 };
    await db.store.images.put(image);
    await db.store.images.put({ ...image, contentType: 'image/gif', bytes: Buffer.from('other'), createdAt: 2 });
    const read = await db.store.images.get(image.hash);
    assert.deepEqual(read, { ...image, createdAt: 2 });
    assert.equal(await db.store.images.get('b'.repeat(64)), null);
  });
});

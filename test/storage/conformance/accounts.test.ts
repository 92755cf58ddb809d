// Storage conformance, accounts: users' conditional writes and deletion, API-token counts, authorizations, linked
// identities and images, the same on every dialect.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { newId } from '../../../src/ids.js';
import type { SessionRecord, Store } from '../../../src/storage/types.js';
import { UniqueViolationError } from '../../../src/storage/types.js';
import { newSession, newToken, newUser } from '../../helpers/records.js';
import { seedApplication } from '../../helpers/seed-application.js';
import { forEachDialect, openTestStore, type TestStore } from '../../helpers/stores.js';

const NOW = 1_800_000_000_000;

const session = (userId: string, overrides: Partial<SessionRecord> = {}) =>
  newSession(userId, { type: 'api', name: 'ci', createdAt: NOW, expiresAt: null, ip: null, ...overrides });

forEachDialect('storage conformance: accounts, authorizations, identities, images', (dialect) => {
  let db: TestStore;
  let store: Store;
  before(async () => {
    db = await openTestStore(dialect);
    store = db.store;
  });
  after(() => db.close());

  test('users: replacePasswordHash writes only over the expected hash', async () => {
    const user = await store.users.create(newUser({ passwordHash: 'scrypt$old' }));
    assert.equal(await store.users.replacePasswordHash(user.id, 'scrypt$other', 'scrypt$new'), false);
    assert.equal((await store.users.findById(user.id))?.passwordHash, 'scrypt$old');
    assert.equal(await store.users.replacePasswordHash(user.id, 'scrypt$old', 'scrypt$new'), true);
    assert.equal(await store.users.replacePasswordHash(user.id, 'scrypt$old', 'scrypt$newer'), false, 'the old hash is gone');
    assert.equal((await store.users.findById(user.id))?.passwordHash, 'scrypt$new');
    assert.equal(await store.users.replacePasswordHash(newId(), 'scrypt$new', 'x'), false);
  });

  test('users: createUnlessTaken answers null on a taken username or email, and the enclosing transaction goes on', async () => {
    const taken = await store.users.create(newUser({ username: `Taken${newId()}`, email: `${newId()}@example.com` }));
    const fresh = newUser();
    const outcome = await store.transaction(async (tx) => {
      const byName = await tx.users.createUnlessTaken(newUser({ username: taken.username.toUpperCase() }));
      const byEmail = await tx.users.createUnlessTaken(newUser({ email: taken.email!.toUpperCase() }));
      const created = await tx.users.createUnlessTaken(fresh);
      return { byName, byEmail, created };
    });
    assert.deepEqual(outcome, { byName: null, byEmail: null, created: { ...fresh, banner: null, bio: null, bannedAt: null } });
    assert.deepEqual(await store.users.findById(fresh.id), outcome.created);
  });

  test('users: delete removes the user with their sessions; a second delete answers false', async () => {
    const user = await store.users.create(newUser());
    const login = session(user.id, { type: 'login', name: null, expiresAt: NOW + 1_000 });
    await store.sessions.create(login);
    assert.equal(await store.users.delete(user.id), true);
    assert.equal(await store.users.findById(user.id), null);
    assert.equal(await store.sessions.findActiveByDigest(login.tokenDigest, NOW), null);
    assert.equal(await store.users.delete(user.id), false);
  });

  test('users: lock inside a transaction changes nothing, for a known or an unknown user', async () => {
    const user = await store.users.create(newUser());
    const before = await db.snapshot();
    await store.transaction(async (tx) => {
      await tx.users.lock(user.id);
      await tx.users.lock(newId());
    });
    assert.deepEqual(await db.snapshot(), before);
  });

  test('sessions: countLiveApiTokens counts the user API tokens live at now, not logins or expired ones', async () => {
    const user = await store.users.create(newUser());
    const other = await store.users.create(newUser());
    for (const record of [
      session(user.id),
      session(user.id, { expiresAt: NOW + 10 }),
      session(user.id, { expiresAt: NOW }),
      session(user.id, { type: 'login', name: null }),
      session(other.id),
    ]) {
      await store.sessions.create(record);
    }
    assert.equal(await store.sessions.countLiveApiTokens(user.id, NOW), 2, 'expired at its expiry instant');
    assert.equal(await store.sessions.countLiveApiTokens(user.id, NOW - 1), 3);
    assert.equal(await store.sessions.countLiveApiTokens(user.id, NOW + 10), 1);
    assert.equal(await store.sessions.countLiveApiTokens(newId(), NOW), 0);
  });

  test('authorizations: listed oldest first with their applications, deleted one by one or all, with their codes and tokens', async () => {
    const user = await store.users.create(newUser());
    const first = await seedApplication(store, user.id);
    const second = await seedApplication(store, user.id);
    const kept = await store.users.create(newUser());
    const a = await store.authorizations.grant(user.id, first.id, ['identify'], NOW);
    const b = await store.authorizations.grant(user.id, second.id, ['email'], NOW + 1);
    const c = await store.authorizations.grant(kept.id, first.id, ['identify'], NOW);
    const listed = await store.authorizations.listByUser(user.id);
    assert.deepEqual(
      listed.map(({ authorization, application }) => [authorization, application]),
      [
        [a, first],
        [b, second],
      ],
    );
    const token = newToken({ applicationId: first.id, userId: user.id, authorizationId: a.id });
    await store.tokens.create([token]);
    assert.equal(await store.authorizations.delete(user.id, first.id), true);
    assert.equal(await store.authorizations.find(user.id, first.id), null);
    assert.equal(await store.tokens.find(token.digest), null, 'its tokens went by cascade');
    assert.equal(await store.authorizations.delete(user.id, first.id), false);
    assert.equal(await store.authorizations.delete(kept.id, second.id), false);
    assert.equal(await store.authorizations.deleteAllForUser(user.id), 1);
    assert.deepEqual(await store.authorizations.listByUser(user.id), []);
    assert.equal(await store.authorizations.deleteAllForUser(user.id), 0);
    assert.deepEqual(await store.authorizations.find(kept.id, first.id), c);
  });

  test('identities: created once per upstream account, found, renamed and listed oldest first', async () => {
    const user = await store.users.create(newUser());
    const provider = `provider-${newId()}`;
    const first = { provider, upstreamUserId: 'u-1', userId: user.id, createdAt: NOW, name: 'Old' };
    const second = { provider: `other-${newId()}`, upstreamUserId: 'u-1', userId: user.id, createdAt: NOW + 1, name: null };
    await store.identities.create(first);
    await store.identities.create(second);
    await assert.rejects(store.identities.create({ ...first, userId: (await store.users.create(newUser())).id }), UniqueViolationError);
    assert.deepEqual(await store.identities.find(provider, 'u-1'), first);
    assert.equal(await store.identities.find(provider, 'u-2'), null);
    await store.identities.rename(provider, 'u-1', 'New');
    await store.identities.rename(provider, 'u-unknown', 'Nobody');
    assert.deepEqual(await store.identities.listForUser(user.id), [{ ...first, name: 'New' }, second]);
    assert.deepEqual(await store.identities.listForUser(newId()), []);
  });

  test('images: stored by hash, the same hash again only takes the new createdAt', async () => {
    const hash = newId().padEnd(64, '0');
    const image = { hash, contentType: 'image/png', bytes: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 255]), createdAt: NOW };
    await store.images.put(image);
    assert.deepEqual(await store.images.get(hash), image);
    await store.images.put({ ...image, contentType: 'image/gif', bytes: Buffer.from([1]), createdAt: NOW + 5 });
    assert.deepEqual(await store.images.get(hash), { ...image, createdAt: NOW + 5 });
    assert.equal(await store.images.get('0'.repeat(64)), null);
  });
});

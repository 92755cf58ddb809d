// Storage conformance, accounts: users' conditional writes and deletion, API-token counts, authorizations, linked
// identities and images, the same on every dialect.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { newId } from '../../../src/ids.js';
import type { SessionRecord } from '../../../src/storage/types.js';
import { UniqueViolationError } from '../../../src/storage/types.js';
import { newSession, newToken, newUser } from '../../helpers/records.js';
import { seedApplication } from '../../helpers/seed-application.js';
import { forEachDialect, openTestStore } from '../../helpers/stores.js';
import { suiteFixture } from '../../helpers/suite-fixture.js';

const NOW = 1_800_000_000_000;

const session = (userId: string, overrides: Partial<SessionRecord> = {}) =>
  newSession(userId, { type: 'api', name: 'ci', createdAt: NOW, expiresAt: null, ip: null, ...overrides });

forEachDialect('storage conformance: accounts, authorizations, identities, images', (dialect) => {
  const db = suiteFixture(() => openTestStore(dialect));

  test('users: replacePasswordHash writes only over the expected hash', async () => {
    const user = await db.store.users.create(newUser({ passwordHash: 'scrypt$old' }));
    assert.equal(await db.store.users.replacePasswordHash(user.id, 'scrypt$other', 'scrypt$new'), false);
    assert.equal((await db.store.users.findById(user.id))?.passwordHash, 'scrypt$old');
    assert.equal(await db.store.users.replacePasswordHash(user.id, 'scrypt$old', 'scrypt$new'), true);
    assert.equal(await db.store.users.replacePasswordHash(user.id, 'scrypt$old', 'scrypt$newer'), false, 'the old hash is gone');
    assert.equal((await db.store.users.findById(user.id))?.passwordHash, 'scrypt$new');
    assert.equal(await db.store.users.replacePasswordHash(newId(), 'scrypt$new', 'x'), false);
  });

  test('users: createUnlessTaken answers null on a taken username or email, and the enclosing transaction goes on', async () => {
    const taken = await db.store.users.create(newUser({ username: `Taken${newId()}`, email: `${newId()}@example.com` }));
    const fresh = newUser();
    const outcome = await db.store.transaction(async (tx) => {
      const byName = await tx.users.createUnlessTaken(newUser({ username: taken.username.toUpperCase() }));
      const byEmail = await tx.users.createUnlessTaken(newUser({ email: taken.email!.toUpperCase() }));
      const created = await tx.users.createUnlessTaken(fresh);
      return { byName, byEmail, created };
    });
    assert.deepEqual(outcome, { byName: null, byEmail: null, created: { ...fresh, banner: null, bio: null, bannedAt: null } });
    assert.deepEqual(await db.store.users.findById(fresh.id), outcome.created);
  });

  test('users: delete removes the user with their sessions; a second delete answers false', async () => {
    const user = await db.store.users.create(newUser());
    const login = session(user.id, { type: 'login', name: null, expiresAt: NOW + 1_000 });
    await db.store.sessions.create(login);
    assert.equal(await db.store.users.delete(user.id), true);
    assert.equal(await db.store.users.findById(user.id), null);
    assert.equal(await db.store.sessions.findActiveByDigest(login.tokenDigest, NOW), null);
    assert.equal(await db.store.users.delete(user.id), false);
  });

  test('users: lock inside a transaction changes nothing, for a known or an unknown user', async () => {
    const user = await db.store.users.create(newUser());
    const before = await db.snapshot();
    await db.store.transaction(async (tx) => {
      await tx.users.lock(user.id);
      await tx.users.lock(newId());
    });
    assert.deepEqual(await db.snapshot(), before);
  });

  test('sessions: countLiveApiTokens counts the user API tokens live at now, not logins or expired ones', async () => {
    const user = await db.store.users.create(newUser());
    const other = await db.store.users.create(newUser());
    for (const record of [
      session(user.id),
      session(user.id, { expiresAt: NOW + 10 }),
      session(user.id, { expiresAt: NOW }),
      session(user.id, { type: 'login', name: null }),
      session(other.id),
    ]) {
      await db.store.sessions.create(record);
    }
    assert.equal(await db.store.sessions.countLiveApiTokens(user.id, NOW), 2, 'expired at its expiry instant');
    assert.equal(await db.store.sessions.countLiveApiTokens(user.id, NOW - 1), 3);
    assert.equal(await db.store.sessions.countLiveApiTokens(user.id, NOW + 10), 1);
    assert.equal(await db.store.sessions.countLiveApiTokens(newId(), NOW), 0);
  });

  test('authorizations: listed oldest first with their applications, deleted one by one or all, with their codes and tokens', async () => {
    const user = await db.store.users.create(newUser());
    const first = await seedApplication(db.store, user.id);
    const second = await seedApplication(db.store, user.id);
    const kept = await db.store.users.create(newUser());
    const a = await db.store.authorizations.grant(user.id, first.id, ['identify'], NOW);
    const b = await db.store.authorizations.grant(user.id, second.id, ['email'], NOW + 1);
    const c = await db.store.authorizations.grant(kept.id, first.id, ['identify'], NOW);
    const listed = await db.store.authorizations.listByUser(user.id);
    assert.deepEqual(
      listed.map(({ authorization, application }) => [authorization, application]),
      [
        [a, first],
        [b, second],
      ],
    );
    const token = newToken({ applicationId: first.id, userId: user.id, authorizationId: a.id });
    await db.store.tokens.create([token]);
    assert.equal(await db.store.authorizations.delete(user.id, first.id), true);
    assert.equal(await db.store.authorizations.find(user.id, first.id), null);
    assert.equal(await db.store.tokens.find(token.digest), null, 'its tokens went by cascade');
    assert.equal(await db.store.authorizations.delete(user.id, first.id), false);
    assert.equal(await db.store.authorizations.delete(kept.id, second.id), false);
    assert.equal(await db.store.authorizations.deleteAllForUser(user.id), 1);
    assert.deepEqual(await db.store.authorizations.listByUser(user.id), []);
    assert.equal(await db.store.authorizations.deleteAllForUser(user.id), 0);
    assert.deepEqual(await db.store.authorizations.find(kept.id, first.id), c);
  });

  test('identities: created once per upstream account, found, renamed and listed oldest first', async () => {
    const user = await db.store.users.create(newUser());
    const provider = `provider-${newId()}`;
    const first = { provider, upstreamUserId: 'u-1', userId: user.id, createdAt: NOW, name: 'Old' };
    const second = { provider: `other-${newId()}`, upstreamUserId: 'u-1', userId: user.id, createdAt: NOW + 1, name: null };
    await db.store.identities.create(first);
    await db.store.identities.create(second);
    await assert.rejects(db.store.identities.create({ ...first, userId: (await db.store.users.create(newUser())).id }), UniqueViolationError);
    assert.deepEqual(await db.store.identities.find(provider, 'u-1'), first);
    assert.equal(await db.store.identities.find(provider, 'u-2'), null);
    await db.store.identities.rename(provider, 'u-1', 'New');
    await db.store.identities.rename(provider, 'u-unknown', 'Nobody');
    assert.deepEqual(await db.store.identities.listForUser(user.id), [{ ...first, name: 'New' }, second]);
    assert.deepEqual(await db.store.identities.listForUser(newId()), []);
  });

  test('images: stored by hash, the same hash again only takes the new createdAt', async () => {
    const hash = newId().padEnd(64, '0');
    const image = { hash, contentType: 'image/png', bytes: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 255]), createdAt: NOW };
    await db.store.images.put(image);
    assert.deepEqual(await db.store.images.get(hash), image);
    await db.store.images.put({ ...image, contentType: 'image/gif', bytes: Buffer.from([1]), createdAt: NOW + 5 });
    assert.deepEqual(await db.store.images.get(hash), { ...image, createdAt: NOW + 5 });
    assert.equal(await db.store.images.get('0'.repeat(64)), null);
  });
});

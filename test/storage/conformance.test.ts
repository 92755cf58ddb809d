// Storage conformance: every store interface behaves the same on SQLite and PostgreSQL.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { newId } from '../../src/ids.js';
import type { NewUser } from '../../src/storage/types.js';
import { UniqueViolationError } from '../../src/storage/types.js';
import { newSession, newUser as user } from '../helpers/records.js';
import { forEachDialect, openTestStore } from '../helpers/stores.js';
import { suiteFixture } from '../helpers/suite-fixture.js';

/** A user with a password hash, as the account tests need. */
function newUser(overrides: Partial<NewUser> = {}): NewUser {
  return user({ passwordHash: 'scrypt$x', ...overrides });
}

forEachDialect('storage conformance', (dialect) => {
  const db = suiteFixture(() => openTestStore(dialect));

  test('users: usernames are unique case-insensitively per discriminator, emails unique case-insensitively', async () => {
    const user = await db.store.users.create(newUser({ username: 'Casey', email: 'Casey@Example.com' }));
    assert.equal(user.username, 'Casey');
    await assert.rejects(
      db.store.users.create(newUser({ username: 'CASEY' })),
      (e: unknown) => e instanceof UniqueViolationError && e.constraint === 'username',
    );
    await assert.rejects(
      db.store.users.create(newUser({ email: 'casey@example.COM' })),
      (e: unknown) => e instanceof UniqueViolationError && e.constraint === 'email',
    );
    const bot = await db.store.users.create(newUser({ username: 'casey', discriminator: '1234', bot: true }));
    assert.equal(bot.bot, true);
    assert.equal((await db.store.users.findByLogin('cAsEy'))?.id, user.id, 'a login finds the human, not the bot');
    assert.equal((await db.store.users.findByLogin('CASEY@example.com'))?.id, user.id);
    assert.equal(await db.store.users.findByLogin('nobody'), null);
  });

  test('users: update applies only the given fields and reports conflicts', async () => {
    const user = await db.store.users.create(newUser());
    const other = await db.store.users.create(newUser({ email: 'other@example.com' }));
    const updated = await db.store.users.update(user.id, { globalName: 'Shown', verified: true });
    assert.equal(updated?.globalName, 'Shown');
    assert.equal(updated?.verified, true);
    assert.equal(updated?.username, user.username);
    await assert.rejects(db.store.users.update(user.id, { email: 'OTHER@example.com' }), UniqueViolationError);
    assert.equal((await db.store.users.findById(user.id))?.email, null);
    assert.equal(await db.store.users.update(newId(), { globalName: 'x' }), null);
    assert.equal((await db.store.users.findById(other.id))?.email, 'other@example.com');
  });

  test('sessions: found by digest until they expire; listed and deleted per user', async () => {
    const user = await db.store.users.create(newUser());
    const other = await db.store.users.create(newUser());
    const a = newSession(user.id, { expiresAt: 5_000 });
    const b = newSession(user.id, { type: 'api', name: 'ci', expiresAt: null, createdAt: 2_000 });
    const c = newSession(other.id);
    for (const session of [a, b, c]) await db.store.sessions.create(session);
    assert.deepEqual((await db.store.sessions.findActiveByDigest(a.tokenDigest, 4_999))?.session, a);
    assert.equal((await db.store.sessions.findActiveByDigest(a.tokenDigest, 4_999))?.user.id, user.id);
    assert.equal(await db.store.sessions.findActiveByDigest(a.tokenDigest, 5_000), null, 'expired at its expiry instant');
    assert.deepEqual((await db.store.sessions.findActiveByDigest(b.tokenDigest, Number.MAX_SAFE_INTEGER))?.session, b);
    assert.deepEqual(
      (await db.store.sessions.listActiveByUser(user.id, 1_500)).map((s) => s.id),
      [b.id, a.id],
    );
    assert.equal(await db.store.sessions.delete(other.id, a.id), false, 'another user cannot delete it');
    assert.equal(await db.store.sessions.deleteAllExcept(user.id, b.id), 1);
    assert.deepEqual(
      (await db.store.sessions.listActiveByUser(user.id, 0)).map((s) => s.id),
      [b.id],
    );
    assert.equal(await db.store.sessions.delete(user.id, b.id), true);
    assert.equal((await db.store.sessions.listActiveByUser(other.id, 0)).length, 1);
  });

  test('transactions commit together or not at all', async () => {
    const kept = newUser();
    const lost = newUser();
    await db.store.transaction(async (trx) => {
      await trx.users.create(kept);
    });
    await assert.rejects(
      db.store.transaction(async (trx) => {
        await trx.users.create(lost);
        await trx.sessions.create(newSession(lost.id));
        throw new Error('abort');
      }),
      /abort/,
    );
    assert.ok(await db.store.users.findById(kept.id));
    assert.equal(await db.store.users.findById(lost.id), null);
  });

  test('applications: stored, found by id and bot token digest, listed, counted, updated and deleted', async () => {
    const owner = await db.store.users.create(newUser());
    const bot = await db.store.users.create(newUser({ bot: true, discriminator: '0420' }));
    const application = {
      id: newId(),
      ownerId: owner.id,
      name: 'Helper',
      description: null,
      icon: null,
      termsOfServiceUrl: null,
      privacyPolicyUrl: 'https://example.com/privacy',
      redirectUris: ['https://example.com/cb', 'http://127.0.0.1:8000/cb'],
      tokenEndpointAuthMethod: 'client_secret_basic' as const,
      clientSecretDigest: 'secret-digest',
      botUserId: bot.id,
      botTokenDigest: `bot-digest-${newId()}`,
      botPublic: true,
      botRequireCodeGrant: false,
      flags: 0,
      createdAt: 3_000,
      postLogoutRedirectUris: ['https://example.com/signed-out'],
      accessTokenFormat: 'jwt' as const,
    };
    await db.store.applications.create(application);
    assert.deepEqual(await db.store.applications.findById(application.id), application);
    assert.deepEqual(await db.store.applications.findClient(application.id), {
      id: application.id,
      ownerId: owner.id,
      tokenEndpointAuthMethod: 'client_secret_basic',
      clientSecretDigest: 'secret-digest',
      accessTokenFormat: 'jwt',
    });
    assert.equal(await db.store.applications.findClient(newId()), null);
    const byBot = await db.store.applications.findByBotTokenDigest(application.botTokenDigest);
    assert.deepEqual(byBot?.application, application);
    assert.equal(byBot?.bot.id, bot.id);
    assert.equal(await db.store.applications.countByOwner(owner.id), 1);
    assert.deepEqual(
      (await db.store.applications.listByOwner(owner.id)).map((a) => a.id),
      [application.id],
    );
    const updated = await db.store.applications.update(application.id, { redirectUris: [], botPublic: false, clientSecretDigest: null });
    assert.deepEqual([updated?.redirectUris, updated?.botPublic, updated?.clientSecretDigest], [[], false, null]);
    assert.equal(await db.store.applications.delete(application.id), true);
    assert.equal(await db.store.applications.findById(application.id), null);
    assert.equal(await db.store.applications.delete(application.id), false);
  });
});

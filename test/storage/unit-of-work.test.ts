// The unit of work: inside `store.transaction`, only the `tx` handle reaches the database. The old mistake (a query on
// the root store from inside its own transaction, which hung SQLite forever) is a type error and, at run time, an
// immediate rejection on both dialects; a handle kept past its transaction is refused too (by Kysely).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { newId } from '../../src/ids.js';
import { redeemCode } from '../../src/oauth/code-redemption.js';
import { NO_LOGIN } from '../../src/oauth/tokens.js';
import { TransactionMisuseError } from '../../src/storage/kysely/transaction-guard.js';
import type { ApplicationRecord, OAuthTokenRecord, Store, Tx } from '../../src/storage/types.js';
import { newUser } from '../helpers/records.js';
import { seedApplication } from '../helpers/seed-application.js';
import { forEachDialect, openTestStore, type TestStore } from '../helpers/stores.js';

/** A hang is the failure this file guards against: every test fails after this long instead of waiting forever. */
const NO_HANG = { timeout: 10_000 };

const misuse = (error: unknown) => error instanceof TransactionMisuseError && /use the transaction handle \(tx\)/.test(error.message);

function accessToken(application: ApplicationRecord): OAuthTokenRecord {
  return {
    digest: `digest-${newId()}`,
    kind: 'access',
    familyId: newId(),
    familyStartedAt: 1_000,
    applicationId: application.id,
    userId: application.ownerId,
    authorizationId: null,
    grantType: 'client_credentials',
    scopes: ['identify'],
    createdAt: 1_000,
    expiresAt: 9_000,
    revokedAt: null,
    guildId: null,
    integrationId: null,
    login: NO_LOGIN,
  };
}

forEachDialect('unit of work', (dialect) => {
  let db: TestStore;
  let store: Store;
  let application: ApplicationRecord;
  before(async () => {
    db = await openTestStore(dialect);
    store = db.store;
    const owner = await store.users.create(newUser());
    application = await seedApplication(store, owner.id);
  });
  after(() => db.close());

  test('a query on the root store inside its own transaction is refused at once, and the transaction rolls back', NO_HANG, async () => {
    const user = newUser();
    const token = accessToken(application);
    const attempts: [string, (tx: Tx) => Promise<unknown>][] = [
      ['a built query', () => store.users.findById(user.id)],
      ['a prepared read', () => store.tokens.find(token.digest)],
      ['a prepared write', () => store.tokens.create([token])],
      ['an atomic unit', () => store.tokens.rotateRefreshToken(token.digest, application.id, 2_000, [])],
      ['a nested transaction', () => store.transaction(async () => null)],
    ];
    for (const [what, mistake] of attempts) {
      await assert.rejects(
        store.transaction(async (tx) => {
          await tx.users.create(user);
          await mistake(tx);
        }),
        misuse,
        what,
      );
      assert.equal(await store.users.findById(user.id), null, `${what}: the transaction's insert was rolled back`);
    }
    assert.equal(await store.tokens.find(token.digest), null);
  });

  test('passing the root store where a transaction handle is required does not compile, and fails loudly if forced', NO_HANG, async () => {
    await assert.rejects(
      store.transaction(async () => {
        // @ts-expect-error a root Store is not a Tx: composed steps take the caller's transaction handle
        return redeemCode(store, 'digest-unknown', application.id, 1_000);
      }),
      misuse,
    );
  });

  test('the root store serves other callers while a transaction is open, and a kept handle is refused afterwards', NO_HANG, async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let kept!: Tx;
    const user = newUser();
    const transaction = store.transaction(async (tx) => {
      kept = tx;
      await tx.users.create(user);
      await held;
    });
    // Started outside the transaction's callback: waits for the transaction (SQLite) or runs beside it (PostgreSQL).
    const outside = store.users.findById(application.ownerId);
    release();
    await transaction;
    assert.equal((await outside)?.id, application.ownerId);
    assert.equal((await store.users.findById(user.id))?.id, user.id);
    await assert.rejects(kept.users.findById(user.id), /Transaction is already committed/);
    await assert.rejects(kept.tokens.find('digest-unknown'), /Transaction is already committed/);
  });

  test('a transaction that throws midway leaves nothing behind; one that returns commits every write', NO_HANG, async () => {
    const kept = newUser();
    const lost = newUser();
    const token = accessToken(application);
    assert.equal(await store.transaction(async (tx) => (await tx.users.create(kept)).id), kept.id);
    await assert.rejects(
      store.transaction(async (tx) => {
        await tx.users.create(lost);
        await tx.tokens.create([{ ...token, userId: lost.id }]);
        throw new Error('abort');
      }),
      /abort/,
    );
    assert.ok(await store.users.findById(kept.id));
    assert.equal(await store.users.findById(lost.id), null);
    assert.equal(await store.tokens.find(token.digest), null);
  });
});

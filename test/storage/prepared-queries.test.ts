// Prepared hot-path queries: the token store on both dialects, SQLite's fast path beside open transactions, group commit.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import { newId } from '../../src/ids.js';
import type { Database } from '../../src/storage/kysely/schema.js';
import { bind, param, PreparedQuery, TemplateCache } from '../../src/storage/kysely/prepared-query.js';
import type { ApplicationRecord, OAuthTokenRecord, Store, UserRecord } from '../../src/storage/types.js';
import { newUser } from '../helpers/records.js';
import { seedApplication } from '../helpers/seed-application.js';
import { forEachDialect, openTestStore, type TestStore } from '../helpers/stores.js';

async function owner(store: Store): Promise<{ user: UserRecord; application: ApplicationRecord }> {
  const user = await store.users.create(newUser());
  return { user, application: await seedApplication(store, user.id) };
}

function token(application: ApplicationRecord, overrides: Partial<OAuthTokenRecord> = {}): OAuthTokenRecord {
  return {
    digest: `digest-${newId()}`,
    kind: 'access',
    familyId: newId(),
    familyStartedAt: 2_000,
    applicationId: application.id,
    userId: application.ownerId,
    authorizationId: null,
    grantType: 'client_credentials',
    scopes: ['identify', 'guilds'],
    createdAt: 2_000,
    expiresAt: 9_000,
    revokedAt: null,
    guildId: null,
    integrationId: null,
    login: { authTime: 1_500, amr: ['pwd'], idTokenClaims: ['email'] },
    ...overrides,
  };
}

forEachDialect('prepared token queries', (dialect) => {
  let db: TestStore;
  let store: Store;
  let application: ApplicationRecord;
  let user: UserRecord;
  before(async () => {
    db = await openTestStore(dialect);
    store = db.store;
    ({ user, application } = await owner(store));
  });
  after(() => db.close());

  test('a stored token is found by digest with its user, every field as written', async () => {
    const stored = token(application, { revokedAt: 3_000 });
    await store.tokens.create([stored]);
    const found = await store.tokens.find(stored.digest);
    assert.deepEqual(found?.token, stored);
    assert.deepEqual(found?.user, user);
    assert.equal(await store.tokens.find('digest-unknown'), null);
  });

  test("introspection's lookup reads the token's facts, its scope as stored and its user's id, name and state", async () => {
    const stored = token(application, { kind: 'refresh', revokedAt: 3_000 });
    await store.tokens.create([stored]);
    assert.deepEqual(await store.tokens.introspect(stored.digest), {
      kind: 'refresh',
      applicationId: application.id,
      scope: 'identify guilds',
      createdAt: 2_000,
      expiresAt: 9_000,
      revokedAt: 3_000,
      userId: user.id,
      username: user.username,
      userState: 'normal',
    });
    assert.equal(await store.tokens.introspect('digest-unknown'), null);
  });

  test('two tokens created outside a transaction are stored together or not at all', async () => {
    const taken = token(application);
    await store.tokens.create([taken]);
    const fresh = token(application, { kind: 'refresh' });
    await assert.rejects(store.tokens.create([fresh, { ...taken }]));
    assert.equal(await store.tokens.find(fresh.digest), null, 'the first of the pair was rolled back with the second');
  });

  test('of concurrent rotations of one refresh token exactly one wins and stores its replacements', async () => {
    const refresh = token(application, { kind: 'refresh', grantType: 'authorization_code' });
    await store.tokens.create([refresh]);
    const replacements = Array.from({ length: 5 }, () => [token(application), token(application, { kind: 'refresh' })]);
    const outcomes = await Promise.all(replacements.map((pair) => store.tokens.rotateRefreshToken(refresh.digest, application.id, 4_000, pair)));
    assert.equal(outcomes.filter(Boolean).length, 1);
    const winner = replacements[outcomes.indexOf(true)]!;
    for (const pair of replacements) {
      for (const replacement of pair) assert.equal((await store.tokens.find(replacement.digest)) !== null, pair === winner);
    }
    assert.equal((await store.tokens.find(refresh.digest))?.token.revokedAt, 4_000);
    assert.equal(await store.tokens.rotateRefreshToken(refresh.digest, application.id, 4_001, [token(application)]), false);
  });

  test('a refresh token of another application or past its expiry is not rotated', async () => {
    const refresh = token(application, { kind: 'refresh', expiresAt: 5_000 });
    await store.tokens.create([refresh]);
    assert.equal(await store.tokens.rotateRefreshToken(refresh.digest, newId(), 4_000, []), false);
    assert.equal(await store.tokens.rotateRefreshToken(refresh.digest, application.id, 5_000, []), false);
    assert.equal((await store.tokens.find(refresh.digest))?.token.revokedAt, null);
  });
});

describe('prepared query templates', () => {
  const query = new PreparedQuery((k) =>
    k.selectFrom('oauth_tokens').select('digest').where('kind', '=', 'refresh').where('user_id', '=', param('user')).where('expires_at', '>', param('now')),
  );
  const sqlite = new Kysely<Database>({ dialect: new SqliteDialect({ database: new BetterSqlite3(':memory:') }) });
  const postgres = new Kysely<Database>({ dialect: new PostgresDialect({ pool: new pg.Pool() }) });
  after(() => sqlite.destroy());

  test('placeholders bind named arguments in order, values written into the query stay, a missing argument is refused', () => {
    const template = new TemplateCache(sqlite).get(query);
    assert.equal(template.sql, 'select "digest" from "oauth_tokens" where "kind" = ? and "user_id" = ? and "expires_at" > ?');
    assert.deepEqual(bind(template, { now: 5, user: 'u1' }), ['refresh', 'u1', 5]);
    assert.deepEqual(bind(template, { now: null, user: 'u1' }), ['refresh', 'u1', null]);
    assert.throws(() => bind(template, { user: 'u1' }), /prepared query argument missing: now/);
  });

  test('each dialect compiles its own SQL, named after its text, once per cache', () => {
    const cache = new TemplateCache(postgres);
    const template = cache.get(query);
    assert.equal(template.sql, 'select "digest" from "oauth_tokens" where "kind" = $1 and "user_id" = $2 and "expires_at" > $3');
    assert.match(template.name, /^gg_[0-9a-f]{24}$/);
    assert.notEqual(template.name, new TemplateCache(sqlite).get(query).name);
    assert.equal(cache.get(query), template);
  });
});

describe('SQLite fast path beside an open transaction', () => {
  let db: TestStore;
  let store: Store;
  let application: ApplicationRecord;
  before(async () => {
    db = await openTestStore('sqlite');
    store = db.store;
    ({ application } = await owner(store));
  });
  after(() => db.close());

  test('reads and writes outside a transaction wait for it: they neither see its writes early nor roll back with it', async () => {
    const inside = token(application);
    const outside = token(application);
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let wrote!: () => void;
    const written = new Promise<void>((resolve) => (wrote = resolve));
    const transaction = store.transaction(async (trx) => {
      await trx.tokens.create([inside]);
      wrote();
      await held;
      throw new Error('rolled back');
    });
    await written;
    const read = store.tokens.find(inside.digest);
    const write = store.tokens.create([outside]);
    release();
    await assert.rejects(transaction, /rolled back/);
    assert.equal(await read, null, 'the read ran after the rollback, not inside the transaction');
    await write;
    assert.notEqual(await store.tokens.find(outside.digest), null, 'the write committed on its own');
    assert.equal(await store.tokens.find(inside.digest), null);
  });

  test('writes of one turn commit together; one that fails is refused alone and the others are stored', async () => {
    const taken = token(application);
    await store.tokens.create([taken]);
    const batch = [token(application), { ...taken }, token(application)];
    const outcomes = await Promise.allSettled(batch.map((record) => store.tokens.create([record])));
    assert.deepEqual(
      outcomes.map((o) => o.status),
      ['fulfilled', 'rejected', 'fulfilled'],
    );
    assert.notEqual(await store.tokens.find(batch[0]!.digest), null);
    assert.notEqual(await store.tokens.find(batch[2]!.digest), null);
    assert.deepEqual((await store.tokens.find(taken.digest))?.token, taken, 'the duplicate changed nothing');
  });
});

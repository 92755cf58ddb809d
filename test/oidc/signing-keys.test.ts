// Signing keys: made once on first start (N nodes converge), stored encrypted, published as a cacheable JWKS, rotated
// with `guildgate keys rotate`, and retired once every token the old key signed has expired.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import BetterSqlite3 from 'better-sqlite3';
import { calculateJwkThumbprint } from 'jose';
import { decryptJson, keyEncryptionKey } from '../../src/crypto/key-encryption.js';
import { KeyRing } from '../../src/oidc/key-ring.js';
import { ensureSigningKey, keyStatus, rotateSigningKey } from '../../src/oidc/signing-keys.js';
import { call, createTestApp, type TestApp } from '../helpers/app.js';
import { guildgate } from '../helpers/cli.js';
import { FrozenClock } from '../helpers/clock.js';
import { forEachDialect, openTestStore, type TestStore } from '../helpers/stores.js';

const KEYS = '/api/v1/oauth2/keys';
const HOUR_MS = 3_600_000;

describe('signing keys on a running server (sqlite)', () => {
  let t: TestApp;
  let encryptionKey: Uint8Array;
  const cli = (...args: string[]) =>
    guildgate(args, { GUILDGATE_DATABASE_URL: `sqlite:${t.db.file}`, GUILDGATE_SECRET: t.config.secret!, GUILDGATE_DATA_DIR: t.config.dataDir });
  const jwks = async () => {
    const response = await call(t.app, { method: 'GET', url: KEYS });
    assert.equal(response.statusCode, 200, response.body);
    return response;
  };

  before(async () => {
    t = await createTestApp();
    encryptionKey = keyEncryptionKey(t.config.secret!);
  });
  after(() => t.close());

  test('the first start makes one RS256 key, published with cache headers; its private half is stored encrypted', async () => {
    const response = await jwks();
    assert.equal(response.headers['cache-control'], 'public, max-age=300');
    const [key, ...others] = response.data.keys;
    assert.deepEqual(others, []);
    assert.deepEqual([key.kty, key.alg, key.use, key.d], ['RSA', 'RS256', 'sig', undefined]);
    assert.equal(key.kid, await calculateJwkThumbprint(key));

    const reader = new BetterSqlite3(t.db.file!, { readonly: true });
    const rows = reader.prepare('select kid, seq, private_jwk from signing_keys').all() as { kid: string; seq: number; private_jwk: string }[];
    reader.close();
    assert.deepEqual(
      rows.map((row) => [row.kid, row.seq]),
      [[key.kid, 1]],
    );
    const header = JSON.parse(Buffer.from(rows[0]!.private_jwk.split('.')[0]!, 'base64url').toString());
    assert.deepEqual(header, { alg: 'dir', enc: 'A256GCM' });
    const privateJwk = await decryptJson<{ d: string }>(rows[0]!.private_jwk, encryptionKey);
    assert.ok(privateJwk.d.length > 100);
    const everything = JSON.stringify(await t.db.snapshot());
    assert.ok(!everything.includes(privateJwk.d), 'the private exponent is nowhere in the database in the clear');
  });

  test('keys rotate --alg ES256: every node signs with the new key within 5 s, the old one stays published, list shows both', async () => {
    const before = (await jwks()).data.keys[0].kid;
    const rotated = await cli('keys', 'rotate', '--alg', 'ES256');
    assert.equal(rotated.code, 0, rotated.stderr);
    const match = /^new signing key (\S+) \(ES256\); the keys it replaces retire at (\S+)\n$/.exec(rotated.stdout);
    assert.ok(match, rotated.stdout);
    const [, kid, retireAt] = match;

    assert.deepEqual(
      (await jwks()).data.keys.map((key: { kid: string }) => key.kid),
      [before],
      'this node reads its keys at most every 5 s',
    );
    t.clock.advance(5);
    const published = (await jwks()).data.keys;
    assert.deepEqual(
      published.map((key: { kid: string; alg: string; kty: string }) => [key.kid, key.alg, key.kty]),
      [
        [kid, 'ES256', 'EC'],
        [before, 'RS256', 'RSA'],
      ],
    );

    const list = await cli('keys', 'list');
    assert.equal(list.code, 0, list.stderr);
    const lines = list.stdout.trimEnd().split('\n');
    assert.equal(lines.length, 2);
    assert.match(lines[0]!, new RegExp(`^${kid}  ES256  active  created \\S+$`));
    assert.match(lines[1]!, new RegExp(`^${before}  RS256  retiring until ${retireAt!.replace(/[.]/g, '\\.')}  created \\S+$`));
  });

  test('a replaced key leaves the JWKS once every token it signed has expired; list shows it retired', async () => {
    const { key, retiredUntil } = await rotateSigningKey(t.db.store, t.clock, encryptionKey, 'EdDSA', HOUR_MS);
    assert.equal(retiredUntil, t.clock.now() + 5000 + HOUR_MS);
    t.clock.advance(5);
    assert.equal((await jwks()).data.keys[0].kid, key.kid);
    t.clock.advance(3600);
    // The ES256 key retired; the first one was retired by the command line on the system clock, still ahead of this one.
    const keys = await t.db.store.signingKeys.list();
    assert.deepEqual(
      keys.map((record) => [record.alg, keyStatus(record, t.clock.now())]),
      [
        ['EdDSA', 'active'],
        ['ES256', 'retired'],
        ['RS256', 'retiring'],
      ],
    );
    const published = (await jwks()).data.keys;
    assert.deepEqual(
      published.map((jwk: { kid: string; kty: string; crv?: string }) => [jwk.kid, jwk.kty, jwk.crv]),
      [
        [key.kid, 'OKP', 'Ed25519'],
        [keys[2]!.kid, 'RSA', undefined],
      ],
    );

    const list = await cli('keys', 'list');
    assert.match(list.stdout.split('\n')[1]!, / {2}retired at \S+ {2}created /);
  });

  test('keys rotate refuses an unknown alg with its usage (exit 2) and changes nothing', async () => {
    const before = await t.db.snapshot();
    const refused = await cli('keys', 'rotate', '--alg', 'HS256');
    assert.equal(refused.code, 2);
    assert.equal(refused.stdout, '');
    assert.match(refused.stderr, /^guildgate keys rotate: --alg: one of RS256, ES256, EdDSA\n\nusage: guildgate keys rotate/);
    assert.deepEqual(await t.db.snapshot(), before);
  });
});

forEachDialect('signing key rows', (dialect) => {
  let db: TestStore;
  const clock = new FrozenClock();
  const encryptionKey = keyEncryptionKey('a-secret-of-thirty-two-characters-or-more');
  before(async () => {
    db = await openTestStore(dialect);
  });
  after(() => db.close());

  test('five nodes starting together converge on one key', async () => {
    const inserted = await Promise.all(Array.from({ length: 5 }, () => ensureSigningKey(db.store, clock, encryptionKey)));
    assert.equal(inserted.filter(Boolean).length, 1);
    const keys = await db.store.signingKeys.list();
    assert.deepEqual(
      keys.map((key) => [key.seq, key.alg, key.retiredAt]),
      [[1, 'RS256', null]],
    );
    assert.equal(await ensureSigningKey(db.store, clock, encryptionKey), false);
  });

  test('of two concurrent rotations one wins; the other changes nothing', async () => {
    const outcomes = await Promise.allSettled([
      rotateSigningKey(db.store, clock, encryptionKey, 'ES256', HOUR_MS),
      rotateSigningKey(db.store, clock, encryptionKey, 'ES256', HOUR_MS),
    ]);
    const keys = await db.store.signingKeys.list();
    const won = outcomes.filter((outcome) => outcome.status === 'fulfilled').length;
    assert.ok(won >= 1);
    assert.equal(keys.length, 1 + won);
    assert.deepEqual(
      keys.map((key) => key.seq),
      Array.from({ length: keys.length }, (_, i) => keys.length - i),
    );
    assert.equal(keys.filter((key) => key.retiredAt === null).length, 1, 'exactly one key signs');
  });

  test('a node with another secret cannot read the private keys', async () => {
    const stranger = new KeyRing(db.store, clock, keyEncryptionKey('another-secret-of-thirty-two-characters'));
    await assert.rejects(stranger.signingKey());
    const ring = new KeyRing(db.store, clock, encryptionKey);
    const signing = await ring.signingKey();
    assert.equal(signing.kid, (await db.store.signingKeys.list())[0]!.kid);
    assert.equal((await ring.jwks()).keys[0]!.kid, signing.kid);
  });
});

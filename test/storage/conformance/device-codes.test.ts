// Storage conformance, device codes (RFC 8628): pending codes found by user code until answered or expired, the answer
// written once, polls recorded on time or early (interval raised), and an approved code exchanged once for its tokens,
// on every dialect.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { newId } from '../../../src/ids.js';
import type { ApplicationRecord, DeviceCodeRecord, OAuthTokenRecord, UserRecord } from '../../../src/storage/types.js';
import { newToken } from '../../helpers/records.js';
import { seedGrant } from '../../helpers/seed-grant.js';
import { forEachDialect, openTestStore } from '../../helpers/stores.js';
import { suiteFixture } from '../../helpers/suite-fixture.js';

const NOW = 1_800_000_000_000;
const NO_LOGIN = { authTime: null, amr: [], idTokenClaims: [] };

forEachDialect('storage conformance: device codes', (dialect) => {
  const db = suiteFixture(() => openTestStore(dialect));
  let user: UserRecord;
  let application: ApplicationRecord;
  let authorizationId: string;
  before(async () => ({ user, application, authorizationId } = await seedGrant(db.store, NOW)));

  async function stored(overrides: Partial<DeviceCodeRecord> = {}): Promise<DeviceCodeRecord> {
    const record: DeviceCodeRecord = {
      digest: `device-${newId()}`,
      userCodeDigest: `user-${newId()}`,
      applicationId: application.id,
      scopes: ['openid', 'identify'],
      status: 'pending',
      userId: null,
      authorizationId: null,
      login: NO_LOGIN,
      pollInterval: 5,
      createdAt: NOW,
      expiresAt: NOW + 600_000,
      lastPolledAt: null,
      ...overrides,
    };
    await db.store.deviceCodes.create(record);
    return record;
  }

  test('create and find round-trip every field; a taken user code is a unique violation', async () => {
    const record = await stored({ status: 'approved', userId: user.id, authorizationId, login: { authTime: NOW - 5, amr: ['pwd'], idTokenClaims: [] } });
    assert.deepEqual(await db.store.deviceCodes.find(record.digest), record);
    assert.equal(await db.store.deviceCodes.find('device-none'), null);
    await assert.rejects(stored({ userCodeDigest: record.userCodeDigest }), { name: 'UniqueViolationError' });
  });

  test('findPending finds a pending, unexpired code by its user code digest only', async () => {
    const record = await stored();
    assert.deepEqual(await db.store.deviceCodes.findPending(record.userCodeDigest, NOW + 1), record);
    assert.equal(await db.store.deviceCodes.findPending(record.userCodeDigest, record.expiresAt), null, 'expired');
    assert.equal(await db.store.deviceCodes.findPending(record.digest, NOW + 1), null, 'not by the device code');
    const denied = await stored({ status: 'denied', userId: user.id });
    assert.equal(await db.store.deviceCodes.findPending(denied.userCodeDigest, NOW + 1), null, 'answered');
  });

  test('settle writes the answer once, on a pending unexpired code', async () => {
    const record = await stored();
    const login = { authTime: NOW - 10, amr: ['pwd'], idTokenClaims: [] };
    const approve = { status: 'approved' as const, userId: user.id, authorizationId, login };
    assert.equal(await db.store.deviceCodes.settle(record.userCodeDigest, NOW + 1, approve), true);
    assert.equal(await db.store.deviceCodes.settle(record.userCodeDigest, NOW + 2, { ...approve, status: 'denied', authorizationId: null }), false);
    assert.deepEqual(await db.store.deviceCodes.find(record.digest), { ...record, status: 'approved', userId: user.id, authorizationId, login });
    const expired = await stored();
    assert.equal(await db.store.deviceCodes.settle(expired.userCodeDigest, expired.expiresAt, approve), false);
    assert.equal((await db.store.deviceCodes.find(expired.digest))?.status, 'pending');
  });

  test('poll: on time sets the poll time; early also raises the interval; another application or digest gets null', async () => {
    const record = await stored();
    assert.deepEqual(await db.store.deviceCodes.poll(record.digest, application.id, NOW + 1000, 5), {
      code: { ...record, lastPolledAt: NOW + 1000 },
      tooEarly: false,
    });
    assert.deepEqual(await db.store.deviceCodes.poll(record.digest, application.id, NOW + 5999, 5), {
      code: { ...record, lastPolledAt: NOW + 5999, pollInterval: 10 },
      tooEarly: true,
    });
    assert.deepEqual(await db.store.deviceCodes.poll(record.digest, application.id, NOW + 15_999, 5), {
      code: { ...record, lastPolledAt: NOW + 15_999, pollInterval: 10 },
      tooEarly: false,
    });
    const before = await db.store.deviceCodes.find(record.digest);
    assert.equal(await db.store.deviceCodes.poll(record.digest, newId(), NOW + 60_000, 5), null);
    assert.equal(await db.store.deviceCodes.poll('device-none', application.id, NOW + 60_000, 5), null);
    assert.deepEqual(await db.store.deviceCodes.find(record.digest), before);
  });

  test('exchange consumes an approved unexpired code once, only for its application, storing its tokens in the same unit', async () => {
    const record = await stored({ status: 'approved', userId: user.id, authorizationId });
    const familyId = newId();
    const decided: DeviceCodeRecord[] = [];
    let tokens: OAuthTokenRecord[] = [];
    const issue = (readUser: boolean) => (given: DeviceCodeRecord) => {
      decided.push(given);
      tokens = [newToken({ applicationId: application.id, userId: user.id, authorizationId }, { familyId })];
      return { tokens, readUser };
    };
    const familyTokens = async () => ((await db.snapshot()).oauth_tokens as { family_id: string }[]).filter((row) => row.family_id === familyId);
    assert.equal(await db.store.deviceCodes.exchange(record.digest, newId(), NOW + 1, issue(true)), null);
    assert.equal(await db.store.deviceCodes.exchange(record.digest, application.id, record.expiresAt, issue(true)), null, 'expired');
    assert.deepEqual(decided, []);
    assert.deepEqual(await familyTokens(), []);
    const consumed = { ...record, status: 'consumed' };
    assert.deepEqual(await db.store.deviceCodes.exchange(record.digest, application.id, NOW + 1, issue(true)), {
      code: consumed,
      issuance: { tokens, readUser: true },
      user: await db.store.users.findById(user.id),
    });
    assert.deepEqual(decided, [consumed]);
    assert.deepEqual((await db.store.tokens.find(tokens[0]!.digest))?.token, tokens[0]);
    assert.equal(await db.store.deviceCodes.exchange(record.digest, application.id, NOW + 2, issue(true)), null);
    assert.equal((await familyTokens()).length, 1);
    const pending = await stored();
    assert.equal(await db.store.deviceCodes.exchange(pending.digest, application.id, NOW + 1, issue(false)), null, 'not approved');
    const unread = await stored({ status: 'approved', userId: user.id, authorizationId });
    assert.equal((await db.store.deviceCodes.exchange(unread.digest, application.id, NOW + 1, issue(false)))?.user, null);
  });
});

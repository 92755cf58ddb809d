// Storage conformance, concurrency: single-use things (codes, refresh tokens, device codes) are used once, grants merge,
// usernames are taken once, and a failed transaction leaves nothing, with real parallelism on every dialect (see race.ts).
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, test } from 'node:test';
import { digestToken, generateToken } from '../../../src/crypto/tokens.js';
import { DEVICE_CODE_GRANT_TYPE } from '../../../src/oauth/grants/device-code.js';
import { NO_LOGIN } from '../../../src/oauth/tokens.js';
import type { ApplicationRecord, CodeRecord, DeviceCodeRecord, OAuthTokenRecord, Store, UserRecord } from '../../../src/storage/types.js';
import { openRacers, tally, type Racers } from '../../helpers/race.js';
import { newUser } from '../../helpers/records.js';
import { seedApplication } from '../../helpers/seed-application.js';
import { forEachDialect, openTestStore, type TestStore } from '../../helpers/stores.js';

const CONTENDERS = 20;
const NOW = 1_800_000_000_000;

function tokenRecord(
  kind: OAuthTokenRecord['kind'],
  familyId: string,
  user: UserRecord,
  application: ApplicationRecord,
  authorizationId: string,
): OAuthTokenRecord & { token: string } {
  const token = generateToken(kind);
  return {
    token,
    digest: digestToken(token),
    kind,
    familyId,
    familyStartedAt: NOW - 1000,
    applicationId: application.id,
    userId: user.id,
    authorizationId,
    grantType: 'authorization_code',
    scopes: ['identify'],
    createdAt: NOW - 1000,
    expiresAt: NOW + 3_600_000,
    revokedAt: null,
    guildId: null,
    integrationId: null,
    login: NO_LOGIN,
  };
}

forEachDialect('storage conformance: concurrency', (dialect) => {
  let db: TestStore;
  let store: Store;
  let user: UserRecord;
  let application: ApplicationRecord;
  let authorizationId: string;
  let racers: Racers;
  before(async () => {
    db = await openTestStore(dialect);
    racers = await openRacers(db, CONTENDERS);
    store = db.store;
    user = await store.users.create(newUser());
    application = await seedApplication(store, user.id);
    authorizationId = (await store.authorizations.grant(user.id, application.id, ['identify'], NOW)).id;
  });
  after(async () => {
    await racers?.close();
    await db.close();
  });

  /** Whether the token (by record) is revoked now. */
  const revoked = async (record: { digest: string }) => (await store.tokens.find(record.digest))!.token.revokedAt !== null;

  /** An unused authorization code of the test application, not yet stored. */
  const code = (): CodeRecord => ({
    digest: digestToken(generateToken('code')),
    applicationId: application.id,
    userId: user.id,
    authorizationId,
    familyId: randomUUID(),
    redirectUri: null,
    scopes: ['identify'],
    codeChallenge: null,
    nonce: null,
    createdAt: NOW - 1000,
    expiresAt: NOW + 60_000,
    consumedAt: null,
    guildId: null,
    permissions: null,
    integrationId: null,
    login: NO_LOGIN,
  });

  test(`${CONTENDERS} concurrent redemptions of one authorization code: exactly one wins, the others get invalid_grant, the replay revokes the family`, async () => {
    const record = code();
    const { familyId } = record;
    await store.codes.create(record);
    // What the winner's token endpoint would have issued from the code.
    const issued = tokenRecord('access', familyId, user, application, authorizationId);
    await store.tokens.create([issued]);
    const outcomes = await racers.race('redeemCode', () => ({ digest: record.digest, applicationId: application.id, now: String(NOW) }));
    assert.deepEqual(tally(outcomes), { won: 1, invalid_grant: CONTENDERS - 1 });
    assert.equal((await store.codes.find(record.digest))?.consumedAt, NOW);
    assert.equal(await revoked(issued), true, 'the replays revoked the family');
  });

  test(`${CONTENDERS} concurrent exchanges of one authorization code: exactly one wins and stores its two tokens`, async () => {
    const record = code();
    await store.codes.create(record);
    const outcomes = await racers.race('exchangeCode', () => ({ digest: record.digest, applicationId: application.id, now: String(NOW) }));
    assert.deepEqual(tally(outcomes), { won: 1, invalid_grant: CONTENDERS - 1 });
    assert.equal((await store.codes.find(record.digest))?.consumedAt, NOW);
    const family = ((await db.snapshot()).oauth_tokens as { family_id: string; kind: string }[]).filter((row) => row.family_id === record.familyId);
    assert.deepEqual(family.map((row) => row.kind).sort(), ['access', 'refresh']);
  });

  test(`${CONTENDERS} concurrent uses of one refresh token: exactly one wins, the others get invalid_grant, the reuse revokes the family`, async () => {
    const familyId = randomUUID();
    const refresh = tokenRecord('refresh', familyId, user, application, authorizationId);
    const access = tokenRecord('access', familyId, user, application, authorizationId);
    await store.tokens.create([refresh, access]);
    const outcomes = await racers.race('refresh', () => ({ token: refresh.token, applicationId: application.id, now: String(NOW) }));
    assert.deepEqual(tally(outcomes), { won: 1, invalid_grant: CONTENDERS - 1 });
    assert.equal(await revoked(refresh), true);
    assert.equal(await revoked(access), true, 'the reuse revoked the family');
  });

  /** A device code the user has approved, never polled; its device code in the clear beside the record. */
  async function approvedDeviceCode(): Promise<DeviceCodeRecord & { deviceCode: string }> {
    const deviceCode = generateToken('deviceCode');
    const record: DeviceCodeRecord = {
      digest: digestToken(deviceCode),
      userCodeDigest: digestToken(randomUUID()),
      applicationId: application.id,
      scopes: ['identify'],
      status: 'approved',
      userId: user.id,
      authorizationId,
      login: NO_LOGIN,
      pollInterval: 5,
      createdAt: NOW - 1000,
      expiresAt: NOW + 600_000,
      lastPolledAt: null,
    };
    await store.deviceCodes.create(record);
    return { ...record, deviceCode };
  }

  /** The tokens issued with one device code grant (any family) to the test application. */
  const deviceTokens = async () =>
    ((await db.snapshot()).oauth_tokens as { grant_type: string; application_id: string }[]).filter(
      (row) => row.grant_type === DEVICE_CODE_GRANT_TYPE && row.application_id === application.id,
    );

  test(`${CONTENDERS} concurrent polls of one approved device code: one gets the tokens, the others slow_down, the interval grows`, async () => {
    const code = await approvedDeviceCode();
    const outcomes = await racers.race('pollDevice', () => ({ deviceCode: code.deviceCode, applicationId: application.id, now: String(NOW) }));
    assert.deepEqual(tally(outcomes), { won: 1, slow_down: CONTENDERS - 1 });
    const after = await store.deviceCodes.find(code.digest);
    assert.equal(after?.status, 'consumed');
    assert.equal(after?.lastPolledAt, NOW);
    // Each early poll added 5 seconds, each by its own conditional write.
    assert.equal(after?.pollInterval, 5 + 5 * (CONTENDERS - 1));
    assert.equal((await deviceTokens()).length, 2, 'one access and one refresh token');
  });

  test(`${CONTENDERS} concurrent exchanges of one approved device code: exactly one gets the record and stores its two tokens`, async () => {
    const code = await approvedDeviceCode();
    const before = ((await db.snapshot()).oauth_tokens as unknown[]).length;
    const outcomes = await racers.race('exchangeDeviceCode', () => ({ digest: code.digest, applicationId: application.id, now: String(NOW) }));
    assert.deepEqual(tally(outcomes), { won: 1, invalid_grant: CONTENDERS - 1 });
    assert.equal((await store.deviceCodes.find(code.digest))?.status, 'consumed');
    assert.equal(((await db.snapshot()).oauth_tokens as unknown[]).length, before + 2);
  });

  test(`${CONTENDERS} concurrent consents with different scopes for one user and application: no error, the union is stored`, async () => {
    const owner = await store.users.create(newUser());
    const app = await seedApplication(store, owner.id);
    const scopes = Array.from({ length: CONTENDERS }, (_, i) => `scope${i}`);
    const outcomes = await racers.race('grant', (i) => ({ userId: owner.id, applicationId: app.id, scope: scopes[i]!, now: String(NOW) }));
    assert.deepEqual(tally(outcomes), { won: CONTENDERS });
    assert.deepEqual((await store.authorizations.find(owner.id, app.id))?.scopes.sort(), [...scopes].sort());
  });

  test(`${CONTENDERS} concurrent sign-ups with one username: exactly one account`, async () => {
    const username = `racer${randomUUID().slice(0, 8)}`;
    const outcomes = await racers.race('signUp', () => ({ username }));
    assert.deepEqual(tally(outcomes), { won: 1, USERNAME_TAKEN: CONTENDERS - 1 });
    assert.equal((await store.users.findByLogin(username))?.username, username);
  });

  test('a transaction that throws midway leaves nothing behind', async () => {
    const before = await db.snapshot();
    const failure = new Error('midway');
    await assert.rejects(
      store.transaction(async (tx) => {
        const created = await tx.users.create(newUser());
        await tx.authorizations.grant(created.id, application.id, ['identify', 'email'], NOW);
        await tx.tokens.revokeFamily('no-such-family', NOW);
        throw failure;
      }),
      (error) => error === failure,
    );
    assert.deepEqual(await db.snapshot(), before);
  });
});

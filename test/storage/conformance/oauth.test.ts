// Storage conformance, OAuth: codes consumed once (and exchanged for tokens in one unit), tokens rotated and revoked, upstream login states used once, and
// signing keys listed and retired, the same on every dialect.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { newId } from '../../../src/ids.js';
import type { ApplicationRecord, CodeRecord, OAuthTokenRecord, SigningKeyRecord, UserRecord } from '../../../src/storage/types.js';
import { newToken, newUser } from '../../helpers/records.js';
import { seedGrant } from '../../helpers/seed-grant.js';
import { forEachDialect, openTestStore } from '../../helpers/stores.js';
import { suiteFixture } from '../../helpers/suite-fixture.js';

const NOW = 1_800_000_000_000;

forEachDialect('storage conformance: codes, tokens, upstream states, signing keys', (dialect) => {
  const db = suiteFixture(() => openTestStore(dialect));
  let user: UserRecord;
  let application: ApplicationRecord;
  let authorizationId: string;
  before(async () => ({ user, application, authorizationId } = await seedGrant(db.store, NOW)));

  const code = (overrides: Partial<CodeRecord> = {}): CodeRecord => ({
    digest: `code-${newId()}`,
    applicationId: application.id,
    userId: user.id,
    authorizationId,
    familyId: newId(),
    redirectUri: 'https://app.example/callback',
    scopes: ['identify'],
    codeChallenge: 'challenge',
    nonce: 'n-1',
    createdAt: NOW,
    expiresAt: NOW + 60_000,
    consumedAt: null,
    guildId: null,
    permissions: null,
    integrationId: null,
    login: { authTime: NOW - 5, amr: ['pwd'], idTokenClaims: ['email'] },
    ...overrides,
  });

  const token = (overrides: Partial<OAuthTokenRecord> = {}): OAuthTokenRecord =>
    newToken(
      { applicationId: application.id, userId: user.id, authorizationId },
      { familyStartedAt: NOW, createdAt: NOW, expiresAt: NOW + 3_600_000, ...overrides },
    );

  test('codes: consume answers the record once, only to its application; a second consume gets null', async () => {
    const record = code();
    await db.store.codes.create(record);
    assert.equal(await db.store.codes.consume(record.digest, newId(), NOW + 1), null, 'another application cannot consume it');
    assert.equal((await db.store.codes.find(record.digest))?.consumedAt, null);
    assert.deepEqual(await db.store.codes.consume(record.digest, application.id, NOW + 2), { ...record, consumedAt: NOW + 2 });
    assert.equal(await db.store.codes.consume(record.digest, application.id, NOW + 3), null);
    assert.deepEqual(await db.store.codes.find(record.digest), { ...record, consumedAt: NOW + 2 });
    assert.equal(await db.store.codes.consume('code-unknown', application.id, NOW), null);
  });

  /** The stored rows of the family's tokens. */
  const familyTokens = async (familyId: string) => ((await db.snapshot()).oauth_tokens as { family_id: string }[]).filter((row) => row.family_id === familyId);

  /** A decision that issues an access and a refresh token in the code's family, recording the codes it was given. */
  function issuer(readUser: boolean) {
    const decided: CodeRecord[] = [];
    let tokens: OAuthTokenRecord[] = [];
    const decide = (given: CodeRecord) => {
      decided.push(given);
      tokens = [token({ familyId: given.familyId }), token({ kind: 'refresh', familyId: given.familyId })];
      return { tokens, readUser };
    };
    return { decide, decided, tokens: () => tokens };
  }

  test('codes: exchange consumes the code, decides on it and stores the decided tokens, with the user when asked; once', async () => {
    const record = code();
    await db.store.codes.create(record);
    const consumed = { ...record, consumedAt: NOW + 1 };
    const issue = issuer(true);
    assert.deepEqual(await db.store.codes.exchange(record.digest, application.id, NOW + 1, issue.decide), {
      outcome: 'issued',
      code: consumed,
      issuance: { tokens: issue.tokens(), readUser: true },
      user: await db.store.users.findById(user.id),
    });
    assert.deepEqual(issue.decided, [consumed]);
    for (const issued of issue.tokens()) assert.deepEqual((await db.store.tokens.find(issued.digest))?.token, issued);
    assert.equal(await db.store.codes.exchange(record.digest, application.id, NOW + 2, issue.decide), null, 'used already');
    assert.equal(issue.decided.length, 1, 'no decision without a consumed code');
    assert.deepEqual(await db.store.codes.find(record.digest), consumed);
    assert.equal((await familyTokens(record.familyId)).length, 2);

    const unread = code();
    await db.store.codes.create(unread);
    const quiet = issuer(false);
    const exchange = await db.store.codes.exchange(unread.digest, application.id, NOW + 1, quiet.decide);
    assert.deepEqual(exchange, {
      outcome: 'issued',
      code: { ...unread, consumedAt: NOW + 1 },
      issuance: { tokens: quiet.tokens(), readUser: false },
      user: null,
    });
  });

  test('codes: exchange refused by its decision leaves the code consumed and stores no token', async () => {
    const record = code();
    await db.store.codes.create(record);
    const decided: CodeRecord[] = [];
    const refuse = (given: CodeRecord) => {
      decided.push(given);
      return { refusal: 'redirect_uri mismatch' };
    };
    assert.deepEqual(await db.store.codes.exchange(record.digest, application.id, NOW + 1, refuse), {
      outcome: 'refused',
      code: { ...record, consumedAt: NOW + 1 },
      refusal: 'redirect_uri mismatch',
    });
    assert.equal(decided.length, 1);
    assert.equal((await db.store.codes.find(record.digest))?.consumedAt, NOW + 1, 'spent');
    assert.deepEqual(await familyTokens(record.familyId), []);
    assert.equal(await db.store.codes.exchange(record.digest, application.id, NOW + 2, issuer(true).decide), null);
    assert.deepEqual(await familyTokens(record.familyId), []);
  });

  test('codes: exchange of an expired code consumes it without a decision or tokens', async () => {
    const record = code({ expiresAt: NOW + 10 });
    await db.store.codes.create(record);
    const issue = issuer(true);
    assert.deepEqual(await db.store.codes.exchange(record.digest, application.id, NOW + 10, issue.decide), {
      outcome: 'expired',
      code: { ...record, consumedAt: NOW + 10 },
    });
    assert.deepEqual(issue.decided, [], 'expired at its expiry instant');
    assert.equal((await db.store.codes.find(record.digest))?.consumedAt, NOW + 10);
    assert.deepEqual(await familyTokens(record.familyId), []);
  });

  test('codes: exchange of another application or unknown code consumes nothing and decides nothing', async () => {
    const record = code();
    await db.store.codes.create(record);
    const issue = issuer(true);
    const before = await db.snapshot();
    assert.equal(await db.store.codes.exchange(record.digest, newId(), NOW + 1, issue.decide), null);
    assert.equal(await db.store.codes.exchange('code-unknown', application.id, NOW + 1, issue.decide), null);
    assert.deepEqual(issue.decided, []);
    assert.deepEqual(await db.snapshot(), before);
  });

  test('codes: exchange whose decision throws undoes the consumption; in a transaction it joins the transaction', async () => {
    const record = code();
    await db.store.codes.create(record);
    const failure = new Error('decision failed');
    await assert.rejects(
      db.store.codes.exchange(record.digest, application.id, NOW + 1, () => {
        throw failure;
      }),
      (error) => error === failure,
    );
    assert.deepEqual(await db.store.codes.find(record.digest), record);
    const issue = issuer(false);
    await assert.rejects(
      db.store.transaction(async (tx) => {
        assert.equal((await tx.codes.exchange(record.digest, application.id, NOW + 2, issue.decide))?.outcome, 'issued');
        throw failure;
      }),
      (error) => error === failure,
    );
    assert.deepEqual(await db.store.codes.find(record.digest), record, 'rolled back with the transaction');
    assert.deepEqual(await familyTokens(record.familyId), []);
    const exchange = await db.store.transaction((tx) => tx.codes.exchange(record.digest, application.id, NOW + 3, issue.decide));
    assert.equal(exchange?.outcome, 'issued');
    assert.equal((await db.store.codes.find(record.digest))?.consumedAt, NOW + 3);
    assert.equal((await familyTokens(record.familyId)).length, 2);
  });

  test('codes: deleteUnconsumedForUser deletes the user unredeemed codes only', async () => {
    const other = await db.store.users.create(newUser());
    const pending = code();
    const redeemed = code();
    const others = code({ userId: other.id, authorizationId: (await db.store.authorizations.grant(other.id, application.id, ['identify'], NOW)).id });
    for (const record of [pending, redeemed, others]) await db.store.codes.create(record);
    await db.store.codes.consume(redeemed.digest, application.id, NOW + 1);
    await db.store.codes.deleteUnconsumedForUser(user.id);
    assert.equal(await db.store.codes.find(pending.digest), null);
    assert.equal((await db.store.codes.find(redeemed.digest))?.consumedAt, NOW + 1);
    assert.deepEqual(await db.store.codes.find(others.digest), others);
  });

  test('tokens: rotateRefreshToken retires the token and stores the replacements once; a revoked or foreign token is not rotated', async () => {
    const refresh = token({ kind: 'refresh' });
    await db.store.tokens.create([refresh]);
    const replacements = [token({ familyId: refresh.familyId }), token({ kind: 'refresh', familyId: refresh.familyId })];
    assert.equal(await db.store.tokens.rotateRefreshToken(refresh.digest, newId(), NOW + 1, replacements), false, 'another application');
    assert.equal(await db.store.tokens.find(replacements[0]!.digest), null);
    assert.equal(await db.store.tokens.rotateRefreshToken(refresh.digest, application.id, NOW + 2, replacements), true);
    assert.equal((await db.store.tokens.find(refresh.digest))?.token.revokedAt, NOW + 2);
    for (const replacement of replacements) assert.deepEqual((await db.store.tokens.find(replacement.digest))?.token, replacement);
    assert.equal(await db.store.tokens.rotateRefreshToken(refresh.digest, application.id, NOW + 3, [token()]), false, 'rotated out already');
    assert.equal((await db.store.tokens.find(refresh.digest))?.token.revokedAt, NOW + 2);
  });

  test('tokens: revoke marks one token once; revokeAllForUser revokes the live tokens of that user only and counts them', async () => {
    const holder = await db.store.users.create(newUser());
    const held = { userId: holder.id, authorizationId: (await db.store.authorizations.grant(holder.id, application.id, ['identify'], NOW)).id };
    const [a, b, c] = [token(held), token({ ...held, kind: 'refresh' }), token(held)];
    const foreign = token();
    await db.store.tokens.create([a, b, c, foreign]);
    await db.store.tokens.revoke(a.digest, NOW + 1);
    await db.store.tokens.revoke(a.digest, NOW + 9);
    assert.equal((await db.store.tokens.find(a.digest))?.token.revokedAt, NOW + 1, 'a second revoke keeps the first time');
    assert.equal((await db.store.tokens.find(b.digest))?.token.revokedAt, null);
    assert.equal(await db.store.tokens.revokeAllForUser(holder.id, NOW + 2), 2);
    assert.equal(await db.store.tokens.revokeAllForUser(holder.id, NOW + 3), 0, 'nothing left to revoke');
    assert.deepEqual(await Promise.all([a, b, c, foreign].map(async (t) => (await db.store.tokens.find(t.digest))?.token.revokedAt)), [
      NOW + 1,
      NOW + 2,
      NOW + 2,
      null,
    ]);
  });

  test('tokens: introspect answers the token facts, its scope as stored and its user, or null for an unknown digest', async () => {
    const stored = token({ kind: 'refresh', scopes: ['identify', 'email'], revokedAt: NOW + 7 });
    await db.store.tokens.create([stored]);
    assert.deepEqual(await db.store.tokens.introspect(stored.digest), {
      kind: 'refresh',
      applicationId: application.id,
      scope: 'identify email',
      createdAt: stored.createdAt,
      expiresAt: stored.expiresAt,
      revokedAt: NOW + 7,
      userId: user.id,
      username: user.username,
      userState: 'normal',
    });
    assert.equal(await db.store.tokens.introspect('token-unknown'), null);
  });

  test('upstream states: consumed once, only before expiry; an unknown state is not consumed', async () => {
    const [live, expiring] = [`state-${newId()}`, `state-${newId()}`];
    await db.store.upstreamStates.create(live, NOW + 1_000);
    await db.store.upstreamStates.create(expiring, NOW + 1_000);
    assert.equal(await db.store.upstreamStates.consume(expiring, NOW + 1_000), false, 'expired at its expiry instant');
    assert.equal(await db.store.upstreamStates.consume(live, NOW + 999), true);
    assert.equal(await db.store.upstreamStates.consume(live, NOW + 999), false);
    assert.equal(await db.store.upstreamStates.consume(`state-${newId()}`, NOW), false);
  });

  test('signing keys: inserted unless seq or kid is taken, listed newest first, the published ones, retired by seq', async () => {
    const key = (seq: number, overrides: Partial<SigningKeyRecord> = {}): SigningKeyRecord => ({
      kid: `kid-${newId()}`,
      seq,
      alg: 'ES256',
      publicJwk: { kty: 'EC', crv: 'P-256', x: `x${seq}`, y: `y${seq}` },
      encryptedPrivateJwk: `jwe-${seq}`,
      createdAt: NOW + seq,
      activatedAt: NOW + seq,
      retiredAt: null,
      ...overrides,
    });
    assert.equal(await db.store.signingKeys.latestSeq(), 0);
    assert.deepEqual(await db.store.signingKeys.list(), []);
    const [first, second, third] = [key(1), key(2, { alg: 'RS256' }), key(3, { alg: 'EdDSA' })];
    for (const k of [first, second, third]) assert.equal(await db.store.signingKeys.insertUnlessTaken(k), true);
    assert.equal(await db.store.signingKeys.insertUnlessTaken(key(2)), false, 'seq taken');
    assert.equal(await db.store.signingKeys.insertUnlessTaken({ ...key(4), kid: first.kid }), false, 'kid taken');
    assert.equal(await db.store.signingKeys.latestSeq(), 3);
    assert.deepEqual(await db.store.signingKeys.list(), [third, second, first]);
    assert.equal(await db.store.signingKeys.retireOlderThan(3, NOW + 100), 2);
    assert.equal(await db.store.signingKeys.retireOlderThan(3, NOW + 200), 0, 'retired keys keep their time');
    assert.deepEqual(await db.store.signingKeys.list(), [third, { ...second, retiredAt: NOW + 100 }, { ...first, retiredAt: NOW + 100 }]);
    assert.deepEqual(await db.store.signingKeys.listPublished(NOW + 99), [third, { ...second, retiredAt: NOW + 100 }, { ...first, retiredAt: NOW + 100 }]);
    assert.deepEqual(await db.store.signingKeys.listPublished(NOW + 100), [third], 'gone from the JWKS at the retirement instant');
  });
});

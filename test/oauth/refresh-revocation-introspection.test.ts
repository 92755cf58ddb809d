// Refresh rotation and reuse detection, the parallel refresh race, scope narrowing, revocation (RFC 7009) and introspection (RFC 7662).
import assert from 'node:assert/strict';
import { after, before, beforeEach, test } from 'node:test';
import { createTestApp, registerUser, type RegisteredUser, type TestApp } from '../helpers/app.js';
import { createTestClient, type TestClient } from '../helpers/applications.js';
import { accessWorks, introspectToken, issueTokens, postForm, refresh, revokeToken } from '../helpers/oauth.js';
import { forEachDialect } from '../helpers/stores.js';
import { digestToken } from '../../src/crypto/tokens.js';

forEachDialect('refresh, revocation and introspection', (dialect) => {
  let t: TestApp;
  let user: RegisteredUser;
  let client: TestClient;
  let other: TestClient;

  before(async () => {
    t = await createTestApp({ dialect, env: { GUILDGATE_RATE_LIMIT: 'off' } });
    user = await registerUser(t.app);
    client = await createTestClient(t.db.store, { ownerId: user.id });
    other = await createTestClient(t.db.store, { ownerId: user.id });
  });
  // A fresh login session per test: expiry tests move the frozen clock past the session lifetime.
  beforeEach(async () => {
    user = await registerUser(t.app);
  });
  after(() => t.close());

  test('a refresh rotates: new access and refresh tokens, same scope', async () => {
    const tokens = await issueTokens(t.app, user.token, client, 'identify email');
    const response = await refresh(t.app, client, tokens.refresh_token);
    assert.equal(response.statusCode, 200);
    assert.equal(response.headers['cache-control'], 'no-store');
    assert.equal(response.headers.pragma, 'no-cache');
    assert.equal(response.data.scope, 'identify email');
    assert.notEqual(response.data.refresh_token, tokens.refresh_token);
    assert.notEqual(response.data.access_token, tokens.access_token);
    assert.equal(await accessWorks(t.app, response.data.access_token), true);
  });

  test('refresh reuse revokes the family: every access and refresh token of the grant', async () => {
    const tokens = await issueTokens(t.app, user.token, client);
    const second = (await refresh(t.app, client, tokens.refresh_token)).data;
    const third = (await refresh(t.app, client, second.refresh_token)).data;
    const reuse = await refresh(t.app, client, tokens.refresh_token);
    assert.equal(reuse.statusCode, 400);
    assert.deepEqual(reuse.data, {
      error: 'invalid_grant',
      error_description: 'The refresh token was already used or revoked; every token of its grant is revoked',
    });
    for (const access of [tokens.access_token, second.access_token, third.access_token]) assert.equal(await accessWorks(t.app, access), false);
    assert.equal((await refresh(t.app, client, third.refresh_token)).data.error, 'invalid_grant');
  });

  test('the parallel refresh race: ten refreshes with one token, exactly one wins', async () => {
    const tokens = await issueTokens(t.app, user.token, client);
    const responses = await Promise.all(Array.from({ length: 10 }, () => refresh(t.app, client, tokens.refresh_token)));
    const statuses = responses.map((response) => response.statusCode).sort();
    assert.deepEqual(statuses, [200, 400, 400, 400, 400, 400, 400, 400, 400, 400]);
    for (const response of responses.filter((r) => r.statusCode === 400)) assert.equal(response.data.error, 'invalid_grant');
    const winner = responses.find((response) => response.statusCode === 200)!.data;
    // Exactly one successor was stored; the losers presented a rotated-out token, which revoked the family.
    const successor = await t.db.store.tokens.find(digestToken(winner.refresh_token));
    assert.ok(successor);
    assert.notEqual(successor.token.revokedAt, null);
    const original = await t.db.store.tokens.find(digestToken(tokens.refresh_token));
    assert.notEqual(original!.token.revokedAt, null);
  });

  test('scope widening is refused and changes nothing; narrowing works and keeps the refresh scope', async () => {
    const tokens = await issueTokens(t.app, user.token, client, 'identify email');
    const widen = await refresh(t.app, client, tokens.refresh_token, { scope: 'identify email guilds' });
    assert.equal(widen.statusCode, 400);
    assert.deepEqual(widen.data, { error: 'invalid_scope', error_description: 'A refresh may narrow the scope, never widen it' });
    const narrow = await refresh(t.app, client, tokens.refresh_token, { scope: 'identify' });
    assert.equal(narrow.statusCode, 200);
    assert.equal(narrow.data.scope, 'identify');
    const back = await refresh(t.app, client, narrow.data.refresh_token, { scope: 'identify email' });
    assert.equal(back.statusCode, 200);
    assert.equal(back.data.scope, 'identify email');
  });

  test('a refresh token works only for its client, and the other client cannot burn it', async () => {
    const tokens = await issueTokens(t.app, user.token, client);
    const foreign = await refresh(t.app, other, tokens.refresh_token);
    assert.equal(foreign.statusCode, 400);
    assert.deepEqual(foreign.data, { error: 'invalid_grant', error_description: 'Invalid refresh token' });
    assert.equal((await refresh(t.app, client, tokens.refresh_token)).statusCode, 200);
  });

  test('an expired refresh token is refused (frozen clock, 7 days)', async () => {
    const tokens = await issueTokens(t.app, user.token, client);
    t.clock.advance(7 * 86_400);
    const response = await refresh(t.app, client, tokens.refresh_token);
    assert.deepEqual(response.data, { error: 'invalid_grant', error_description: 'The refresh token has expired' });
  });

  test('an expired access token is rejected and introspects inactive (frozen clock, 1 hour)', async () => {
    const tokens = await issueTokens(t.app, user.token, client);
    t.clock.advance(3599);
    assert.equal(await accessWorks(t.app, tokens.access_token), true);
    t.clock.advance(1);
    assert.equal(await accessWorks(t.app, tokens.access_token), false);
    assert.deepEqual((await introspectToken(t.app, client, tokens.access_token)).data, { active: false });
  });

  test('revocation cascade: revoking a refresh token revokes the grant family access tokens', async () => {
    const tokens = await issueTokens(t.app, user.token, client);
    const rotated = (await refresh(t.app, client, tokens.refresh_token)).data;
    const response = await revokeToken(t.app, client, rotated.refresh_token, 'refresh_token');
    assert.equal(response.statusCode, 200);
    assert.equal(response.body, '');
    assert.equal(await accessWorks(t.app, tokens.access_token), false);
    assert.equal(await accessWorks(t.app, rotated.access_token), false);
    assert.equal((await refresh(t.app, client, rotated.refresh_token)).data.error, 'invalid_grant');
  });

  test('revoking an access token revokes only it', async () => {
    const tokens = await issueTokens(t.app, user.token, client);
    assert.equal((await revokeToken(t.app, client, tokens.access_token, 'refresh_token')).statusCode, 200);
    assert.equal(await accessWorks(t.app, tokens.access_token), false);
    assert.equal((await refresh(t.app, client, tokens.refresh_token)).statusCode, 200);
  });

  test('revoking an unknown token answers 200', async () => {
    const response = await revokeToken(t.app, client, 'ggat_unknown');
    assert.equal(response.statusCode, 200);
  });

  test("another client's token is left alone by revocation (200, unchanged)", async () => {
    const tokens = await issueTokens(t.app, user.token, client);
    const response = await revokeToken(t.app, other, tokens.refresh_token);
    assert.equal(response.statusCode, 200);
    assert.equal(await accessWorks(t.app, tokens.access_token), true);
    assert.equal((await refresh(t.app, client, tokens.refresh_token)).statusCode, 200);
  });

  test('revocation and introspection need client authentication', async () => {
    const tokens = await issueTokens(t.app, user.token, client);
    for (const url of ['/api/v1/oauth2/token/revoke', '/api/v1/oauth2/introspect']) {
      const response = await postForm(t.app, url, { token: tokens.access_token });
      assert.equal(response.statusCode, 401, url);
      assert.equal(response.data.error, 'invalid_client');
      assert.match(String(response.headers['www-authenticate']), /^Basic /);
    }
    assert.equal(await accessWorks(t.app, tokens.access_token), true);
    const missing = await postForm(
      t.app,
      '/api/v1/oauth2/introspect',
      {},
      { authorization: `Basic ${Buffer.from(`${client.clientId}:${client.clientSecret}`).toString('base64')}` },
    );
    assert.deepEqual(missing.data, { error: 'invalid_request', error_description: 'token is required' });
  });

  test('an active token introspects with the seed fields', async () => {
    const tokens = await issueTokens(t.app, user.token, client, 'identify email');
    const now = Math.floor(t.clock.now() / 1000);
    const access = await introspectToken(t.app, client, tokens.access_token);
    assert.equal(access.statusCode, 200);
    assert.deepEqual(access.data, {
      active: true,
      client_id: client.clientId,
      exp: now + 3600,
      iat: now,
      scope: 'identify email',
      sub: user.id,
      token_type: 'Bearer',
      username: user.username,
    });
    const refreshInfo = await introspectToken(t.app, client, tokens.refresh_token);
    assert.equal(refreshInfo.data.token_type, 'refresh_token');
    assert.equal(refreshInfo.data.exp, now + 7 * 86_400);
  });

  test('foreign introspection is inactive: another client, revoked or unknown tokens give exactly {active:false}', async () => {
    const tokens = await issueTokens(t.app, user.token, client);
    assert.deepEqual((await introspectToken(t.app, other, tokens.access_token)).data, { active: false });
    assert.deepEqual((await introspectToken(t.app, client, 'ggat_unknown')).data, { active: false });
    await revokeToken(t.app, client, tokens.access_token);
    const revoked = await introspectToken(t.app, client, tokens.access_token);
    assert.equal(revoked.statusCode, 200);
    assert.equal(revoked.body, '{"active":false}');
  });

  test('a public client cannot introspect', async () => {
    const publicClient = await createTestClient(t.db.store, { ownerId: user.id, method: 'none' });
    const response = await postForm(t.app, '/api/v1/oauth2/introspect', { token: 'x', client_id: publicClient.clientId });
    assert.equal(response.statusCode, 401);
    assert.equal(response.data.error, 'invalid_client');
  });
});

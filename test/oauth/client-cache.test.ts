// The cache of verified clients never outlives a change: a reset secret, a switch to a public client and a deleted
// application are refused on the next request, also right after the old secret was accepted (and cached); a row read
// before a change is not kept after it; with Redis, a change on one node empties every other node's cache.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { before, describe, test } from 'node:test';
import { Redis } from 'ioredis';
import { ClientCache } from '../../src/oauth/client-cache.js';
import { ClientChanges } from '../../src/oauth/client-changes.js';
import type { ClientRecord } from '../../src/storage/types.js';
import { bearer, call, createTestApp, registerUser, type RegisteredUser } from '../helpers/app.js';
import { createApplication } from '../helpers/applications.js';
import { basic, postForm } from '../helpers/oauth.js';
import { forEachDialect } from '../helpers/stores.js';
import { suiteFixture } from '../helpers/suite-fixture.js';

const REDIS_URL = process.env.GUILDGATE_TEST_REDIS_URL;
const INVALID_CLIENT = { error: 'invalid_client', error_description: 'Client authentication failed' };

forEachDialect('client cache invalidation', (dialect) => {
  const t = suiteFixture(() => createTestApp({ dialect }));
  let owner: RegisteredUser;
  before(async () => (owner = await registerUser(t.app)));

  const issue = (id: string, secret: string) => postForm(t.app, '/api/v1/oauth2/token', { grant_type: 'client_credentials' }, basic(id, secret));
  const manage = (method: 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object) =>
    call(t.app, { method, url: `/api/v1/oauth2/applications/${url}`, headers: bearer(owner.token), payload });

  test('a reset secret is refused on the next request, though it was just accepted; the new one works', async () => {
    const created = await createApplication(t.app, owner);
    assert.equal((await issue(created.id, created.client_secret)).statusCode, 200);
    assert.equal((await issue(created.id, created.client_secret)).statusCode, 200);
    const reset = await manage('POST', `${created.id}/client-secret/reset`);
    assert.equal(reset.statusCode, 200);
    const old = await issue(created.id, created.client_secret);
    assert.equal(old.statusCode, 401);
    assert.deepEqual(old.data, INVALID_CLIENT);
    assert.equal((await issue(created.id, reset.data.client_secret)).statusCode, 200);
  });

  test('a client made public is refused with its old secret at once', async () => {
    const created = await createApplication(t.app, owner);
    assert.equal((await issue(created.id, created.client_secret)).statusCode, 200);
    assert.equal((await manage('PATCH', created.id, { token_endpoint_auth_method: 'none' })).statusCode, 200);
    const refused = await issue(created.id, created.client_secret);
    assert.equal(refused.statusCode, 401);
    assert.deepEqual(refused.data, { error: 'invalid_client', error_description: 'This public client has no secret' });
  });

  test('a deleted application is refused at once', async () => {
    const created = await createApplication(t.app, owner);
    assert.equal((await issue(created.id, created.client_secret)).statusCode, 200);
    assert.equal((await manage('DELETE', created.id)).statusCode, 204);
    const refused = await issue(created.id, created.client_secret);
    assert.equal(refused.statusCode, 401);
    assert.deepEqual(refused.data, INVALID_CLIENT);
  });

  test('a wrong secret is refused whatever the cache holds for the client', async () => {
    const created = await createApplication(t.app, owner);
    assert.equal((await issue(created.id, created.client_secret)).statusCode, 200);
    const wrong = await issue(created.id, `${created.client_secret}x`);
    assert.equal(wrong.statusCode, 401);
    assert.deepEqual(wrong.data, INVALID_CLIENT);
  });
});

const row = (id: string): ClientRecord => ({
  id,
  ownerId: '1',
  tokenEndpointAuthMethod: 'client_secret_basic',
  clientSecretDigest: 'ab'.repeat(32),
  accessTokenFormat: 'opaque',
});

describe('client cache', () => {
  test('answers a row only for its own client id', () => {
    const cache = new ClientCache();
    cache.remember('ab'.repeat(32), row('42'), cache.mark());
    assert.deepEqual(cache.get('42', 'ab'.repeat(32)), row('42'));
    assert.equal(cache.get('43', 'ab'.repeat(32)), undefined);
  });

  test('a row read before a change is not kept after it', () => {
    const cache = new ClientCache();
    const mark = cache.mark();
    cache.clear();
    cache.remember('ab'.repeat(32), row('42'), mark);
    assert.equal(cache.get('42', 'ab'.repeat(32)), undefined);
  });

  test('a change announced on one node empties the cache of another (Redis)', { skip: REDIS_URL ? false : 'GUILDGATE_TEST_REDIS_URL is not set' }, async () => {
    const channel = `guildgate:test:client-changed:${randomBytes(6).toString('hex')}`;
    const quiet = { warn: () => undefined };
    const redis = new Redis(REDIS_URL!, { lazyConnect: true, maxRetriesPerRequest: 2, enableOfflineQueue: false });
    await redis.connect();
    const elsewhere = new ClientCache();
    const there = new ClientChanges(elsewhere, redis, quiet, channel);
    const here = new ClientChanges(new ClientCache(), redis, quiet, channel);
    try {
      await there.listen();
      elsewhere.remember('ab'.repeat(32), row('42'), elsewhere.mark());
      const cleared = new Promise<void>((resolve) => {
        const clear = elsewhere.clear.bind(elsewhere);
        elsewhere.clear = () => {
          clear();
          resolve();
        };
      });
      await here.announce();
      await cleared;
      assert.equal(elsewhere.get('42', 'ab'.repeat(32)), undefined);
    } finally {
      await there.close();
      await redis.quit();
    }
  });
});

// Guild icons at /icons/{guild.id}/{hash}, the seed 000 avatarUrl: the stored image when guildgate holds it, a
// placeholder when it does not (imported guilds, guilds made with a bare hash), 404 for any other hash or guild.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { call, createTestApp, registerUser, type RegisteredUser, type TestApp } from '../helpers/app.js';
import { createGuild } from '../helpers/bot-install.js';
import { solidPng } from '../helpers/png.js';

let t: TestApp;
let owner: RegisteredUser;
before(async () => {
  t = await createTestApp();
  owner = await registerUser(t.app);
});
after(() => t.close());

test('a guild whose icon image is stored: its bytes, cacheable', async () => {
  const bytes = solidPng(8, [10, 20, 30]);
  const hash = 'c'.repeat(64);
  await t.db.store.images.put({ hash, contentType: 'image/png', bytes, createdAt: t.clock.now() });
  const guild = await createGuild(t.app, owner, 'Stored Icon', hash);
  const response = await call(t.app, { method: 'GET', url: `/icons/${guild.id}/${hash}` });
  assert.equal(response.statusCode, 200);
  assert.equal(response.headers['content-type'], 'image/png');
  assert.equal(response.headers['cache-control'], 'public, max-age=3600');
  assert.deepEqual(response.rawPayload, bytes);
});

test('a guild whose icon guildgate does not hold (a bare or upstream hash): a placeholder with its initial, escaped', async () => {
  const guild = await createGuild(t.app, owner, '<b>lounge', 'upstreamhash_01');
  const response = await call(t.app, { method: 'GET', url: `/icons/${guild.id}/upstreamhash_01` });
  assert.equal(response.statusCode, 200);
  assert.equal(response.headers['content-type'], 'image/svg+xml');
  assert.match(response.body, /^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
  assert.match(response.body, />&lt;<\/text><\/svg>$/);
  assert.equal(response.headers['content-security-policy'], "default-src 'none'; style-src 'unsafe-inline'");
});

test('another hash, an unknown guild or a malformed address: 404 or 400, never an image', async () => {
  const guild = await createGuild(t.app, owner, 'Lounge', 'currenthash');
  const wrongHash = await call(t.app, { method: 'GET', url: `/icons/${guild.id}/oldhash` });
  assert.deepEqual([wrongHash.statusCode, wrongHash.data], [404, { code: 'UNKNOWN_ICON', message: 'Unknown icon' }]);
  const unknownGuild = await call(t.app, { method: 'GET', url: '/icons/123456789/currenthash' });
  assert.deepEqual([unknownGuild.statusCode, unknownGuild.data], [404, { code: 'UNKNOWN_ICON', message: 'Unknown icon' }]);
  const malformed = await call(t.app, { method: 'GET', url: `/icons/${guild.id}/bad.hash` });
  assert.equal(malformed.statusCode, 400);
  const noIcon = await createGuild(t.app, owner, 'Iconless');
  assert.equal((await call(t.app, { method: 'GET', url: `/icons/${noIcon.id}/x` })).statusCode, 404);
});

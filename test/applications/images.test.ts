// Avatars, banners and icons: base64 data URIs checked by magic number and size, stored by hash, served at /images/{hash}.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, test } from 'node:test';
import { bearer, botAuth, call, createTestApp, registerUser, type RegisteredUser, type TestApp } from '../helpers/app.js';
import { createApplication, dataUri, IMAGE_BYTES, listApplications, PNG_URI } from '../helpers/applications.js';
import { solidPng } from '../helpers/png.js';
import { forEachDialect } from '../helpers/stores.js';

const MAX_BYTES = 2048;
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

function invalid(field: string, message: string) {
  return { code: 'INVALID_FORM_BODY', message: `Invalid ${field}: ${message}`, errors: [{ field, message }] };
}

/** Bad uploads and the message each gets. */
const BAD_IMAGES: [string, string][] = [
  ['https://img.example/a.png', 'must be a base64 data URI such as data:image/png;base64,...'],
  ['data:image/png,rawbytes', 'must be a base64 data URI such as data:image/png;base64,...'],
  ['data:image/png;base64,not base64!', 'must be a base64 data URI such as data:image/png;base64,...'],
  [dataUri('image/svg+xml', Buffer.from('<svg/>')), 'must be a PNG, JPEG, GIF or WebP image'],
  ['data:image/png;base64,', 'is not valid base64'],
  ['data:image/png;base64,iVBORw0KGgo', 'is not valid base64'],
  [dataUri('image/png', IMAGE_BYTES['image/jpeg']), 'declares image/png but the data is a JPEG image'],
  [dataUri('image/webp', IMAGE_BYTES['image/gif']), 'declares image/webp but the data is a GIF image'],
  [dataUri('image/jpeg', Buffer.from('just some text')), 'declares image/jpeg but the data is not a PNG, JPEG, GIF or WebP image'],
  [dataUri('image/png', Buffer.concat([IMAGE_BYTES['image/png'], Buffer.alloc(MAX_BYTES)])), `must be at most ${MAX_BYTES} bytes`],
];

forEachDialect('images', (dialect) => {
  let t: TestApp;
  let owner: RegisteredUser;
  let application: any;
  before(async () => {
    t = await createTestApp({ dialect, env: { GUILDGATE_IMAGE_MAX_BYTES: String(MAX_BYTES) } });
    owner = await registerUser(t.app);
    application = await createApplication(t.app, owner);
  });
  after(() => t.close());

  const patchBot = (payload: object) =>
    call(t.app, { method: 'PATCH', url: `/api/v1/oauth2/applications/${application.id}/bot`, headers: bearer(owner.token), payload });
  const botNow = async () => (await call(t.app, { method: 'GET', url: '/api/v1/applications/@me', headers: botAuth(application.bot.token) })).data.bot;

  test('each accepted type is stored by SHA-256 and served with its type and a long cache header', async () => {
    for (const [type, bytes] of Object.entries(IMAGE_BYTES)) {
      const response = await patchBot({ avatar: dataUri(type, bytes), banner: dataUri(type, bytes) });
      assert.equal(response.statusCode, 200, type);
      assert.equal(response.data.avatar, sha256(bytes));
      assert.equal(response.data.banner, sha256(bytes));
      const image = await call(t.app, { method: 'GET', url: `/images/${response.data.avatar}` });
      assert.equal(image.statusCode, 200);
      assert.equal(image.headers['content-type'], type);
      assert.equal(image.headers['cache-control'], 'public, max-age=31536000, immutable');
      assert.deepEqual(image.rawPayload, bytes);
    }
  });

  test('null removes the avatar and banner', async () => {
    await patchBot({ avatar: PNG_URI, banner: PNG_URI });
    const response = await patchBot({ avatar: null, banner: null });
    assert.deepEqual([response.data.avatar, response.data.banner], [null, null]);
  });

  test('each bad avatar, banner or icon answers 400 naming the field, and nothing changes', async () => {
    await patchBot({ avatar: PNG_URI, banner: null, bio: 'before' });
    const bot = await botNow();
    const apps = await listApplications(t.app, owner);
    for (const [value, message] of BAD_IMAGES) {
      for (const field of ['avatar', 'banner']) {
        const response = await patchBot({ bio: 'after', [field]: value });
        assert.equal(response.statusCode, 400, `${field}: ${value.slice(0, 40)}`);
        assert.deepEqual(response.data, invalid(field, message));
      }
      const patched = await call(t.app, {
        method: 'PATCH',
        url: `/api/v1/oauth2/applications/${application.id}`,
        headers: bearer(owner.token),
        payload: { icon: value },
      });
      assert.deepEqual([patched.statusCode, patched.data], [400, invalid('icon', message)]);
      const created = await call(t.app, {
        method: 'POST',
        url: '/api/v1/oauth2/applications',
        headers: bearer(owner.token),
        payload: { name: 'Iconic', icon: value },
      });
      assert.deepEqual([created.statusCode, created.data], [400, invalid('icon', message)]);
    }
    assert.deepEqual(await botNow(), bot);
    assert.deepEqual(await listApplications(t.app, owner), apps);
  });

  test('a good avatar with a bad banner stores neither', async () => {
    const fresh = solidPng(2, [7, 7, 7]);
    const before = await botNow();
    const response = await patchBot({ avatar: dataUri('image/png', fresh), banner: 'data:image/png;base64,' });
    assert.equal(response.statusCode, 400);
    assert.deepEqual(await botNow(), before);
    const image = await call(t.app, { method: 'GET', url: `/images/${sha256(fresh)}` });
    assert.deepEqual([image.statusCode, image.data], [404, { code: 'UNKNOWN_IMAGE', message: 'Unknown image' }]);
  });

  test('a body larger than the images can be answers 413', async () => {
    const huge = `data:image/png;base64,${'A'.repeat(t.config.bodyLimit + 3 * MAX_BYTES)}`;
    const response = await patchBot({ avatar: huge, banner: huge });
    assert.deepEqual([response.statusCode, response.data], [413, { code: 'PAYLOAD_TOO_LARGE', message: 'Request body is too large' }]);
  });

  test('image hashes are checked before lookup', async () => {
    const response = await call(t.app, { method: 'GET', url: '/images/not-a-hash' });
    assert.equal(response.statusCode, 400);
    assert.deepEqual(response.data, {
      code: 'INVALID_FORM_BODY',
      message: 'Invalid request: hash must match pattern "^[0-9a-f]{64}$"',
      errors: [{ field: 'hash', message: 'must match pattern "^[0-9a-f]{64}$"' }],
    });
  });
});

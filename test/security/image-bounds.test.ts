// Image uploads are bounded: dimensions read from each type's header (at most 4096 x 4096), truncated or
// self-contradicting files refused with 400, and image writes limited per user (GUILDGATE_IMAGE_WRITE_LIMIT an hour).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { bearer, call, createTestApp, registerUser, unchanged, type RegisteredUser, type TestApp } from '../helpers/app.js';
import { createApplication, dataUri } from '../helpers/applications.js';
import { gifDeclaring, jpegDeclaring, webpDeclaring } from '../helpers/image-files.js';
import { chunk, pngDeclaring, PNG_SIGNATURE } from '../helpers/png.js';

/** Each type's file declaring width x height. */
const DECLARING: [string, string, (width: number, height: number) => Buffer][] = [
  ['PNG', 'image/png', pngDeclaring],
  ['JPEG', 'image/jpeg', jpegDeclaring],
  ['GIF', 'image/gif', gifDeclaring],
  ['WebP VP8X', 'image/webp', (width, height) => webpDeclaring('VP8X', width, height)],
  ['WebP VP8L', 'image/webp', (width, height) => webpDeclaring('VP8L', width, height)],
  ['WebP VP8', 'image/webp', (width, height) => webpDeclaring('VP8 ', width, height)],
];

const png = pngDeclaring(16, 16);
const jpeg = jpegDeclaring(16, 16);
const gif = gifDeclaring(16, 16);
const webp = webpDeclaring('VP8X', 16, 16);

/** Truncated or inconsistent files, and the reason each is refused with. */
const MALFORMED: [string, string, Buffer, string][] = [
  ['PNG cut short', 'image/png', png.subarray(0, png.length - 2), 'is not a well-formed PNG image: it is cut short in its chunks'],
  ['PNG cut inside its first chunk header', 'image/png', png.subarray(0, 12), 'is not a well-formed PNG image: it is cut short in its chunk header'],
  [
    'PNG without IHDR first',
    'image/png',
    Buffer.concat([PNG_SIGNATURE, chunk('IDAT', Buffer.alloc(4)), chunk('IEND', Buffer.alloc(0))]),
    'is not a well-formed PNG image: it does not start with its IHDR header',
  ],
  [
    'PNG without image data',
    'image/png',
    Buffer.concat([png.subarray(0, 33), chunk('IEND', Buffer.alloc(0))]),
    'is not a well-formed PNG image: it has no image data',
  ],
  ['PNG with bytes after IEND', 'image/png', Buffer.concat([png, Buffer.from('trailing')]), 'is not a well-formed PNG image: it has data after its end'],
  ['PNG declaring zero pixels', 'image/png', pngDeclaring(0, 16), 'is not a well-formed PNG image: it declares zero pixels'],
  ['JPEG without its end marker', 'image/jpeg', jpeg.subarray(0, jpeg.length - 2), 'is not a well-formed JPEG image: it is cut short: no end-of-image marker'],
  [
    'JPEG scan before any frame header',
    'image/jpeg',
    Buffer.concat([Buffer.from([0xff, 0xd8]), jpeg.subarray(15)]),
    'is not a well-formed JPEG image: it has no frame header before its image data',
  ],
  [
    'JPEG segment longer than the file',
    'image/jpeg',
    Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x10, 0x00, 0, 0]),
    'is not a well-formed JPEG image: it is cut short in its segment',
  ],
  ['GIF without its trailer', 'image/gif', gif.subarray(0, gif.length - 1), 'is not a well-formed GIF image: it is cut short: no trailer'],
  ['GIF cut inside its screen descriptor', 'image/gif', gif.subarray(0, 10), 'is not a well-formed GIF image: it is cut short in its screen descriptor'],
  [
    'WebP whose RIFF size is not the file',
    'image/webp',
    Buffer.concat([webp, Buffer.alloc(64)]),
    'is not a well-formed WebP image: it has a RIFF size that does not match the file',
  ],
  [
    'WebP with an unknown first chunk',
    'image/webp',
    Buffer.concat([webp.subarray(0, 12), Buffer.from('ALPH'), webp.subarray(16)]),
    'is not a well-formed WebP image: it starts with no VP8, VP8L or VP8X chunk',
  ],
];

function invalid(field: string, message: string) {
  return { code: 'INVALID_FORM_BODY', message: `Invalid ${field}: ${message}`, errors: [{ field, message }] };
}

describe('image dimensions and structure', () => {
  let t: TestApp;
  let owner: RegisteredUser;
  let application: any;
  before(async () => {
    t = await createTestApp();
    owner = await registerUser(t.app);
    application = await createApplication(t.app, owner);
  });
  after(() => t.close());

  const patchBot = (payload: object) =>
    call(t.app, { method: 'PATCH', url: `/api/v1/oauth2/applications/${application.id}/bot`, headers: bearer(owner.token), payload });
  const patchIcon = (icon: string) =>
    call(t.app, { method: 'PATCH', url: `/api/v1/oauth2/applications/${application.id}`, headers: bearer(owner.token), payload: { icon } });

  test('each type read from its header: 4096 x 4096 is accepted, one pixel more either way is 400 and stores nothing', async () => {
    for (const [name, type, declaring] of DECLARING) {
      const largest = await patchBot({ avatar: dataUri(type, declaring(4096, 4096)) });
      assert.equal(largest.statusCode, 200, name);
      for (const [width, height] of [
        [4097, 16],
        [16, 4097],
      ] as const) {
        const refused = await unchanged(t.db, () => patchBot({ banner: dataUri(type, declaring(width, height)) }));
        assert.deepEqual([refused.statusCode, refused.data], [400, invalid('banner', `is ${width} x ${height} pixels; at most 4096 x 4096`)], name);
      }
    }
  });

  test('an 874 KB-class PNG declaring 30000 x 30000 pixels is refused as an icon', async () => {
    const huge = await unchanged(t.db, () => patchIcon(dataUri('image/png', pngDeclaring(30000, 30000))));
    assert.deepEqual([huge.statusCode, huge.data], [400, invalid('icon', 'is 30000 x 30000 pixels; at most 4096 x 4096')]);
  });

  test('truncated or inconsistent files answer 400 with the reason, and nothing changes', async () => {
    for (const [name, type, bytes, message] of MALFORMED) {
      const refused = await unchanged(t.db, () => patchBot({ avatar: dataUri(type, bytes) }));
      assert.deepEqual([refused.statusCode, refused.data], [400, invalid('avatar', message)], name);
    }
  });
});

describe('image writes per user (GUILDGATE_IMAGE_WRITE_LIMIT)', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp({ env: { GUILDGATE_IMAGE_WRITE_LIMIT: '3', GUILDGATE_LOGIN_SESSION_TTL: '86400' } });
  });
  after(() => t.close());

  test('three images an hour per user, then 429 before decoding, nothing stored; removals and other users are not counted', async () => {
    const owner = await registerUser(t.app);
    const application = await createApplication(t.app, owner);
    const patchBot = (user: RegisteredUser, id: string, payload: object) =>
      call(t.app, { method: 'PATCH', url: `/api/v1/oauth2/applications/${id}/bot`, headers: bearer(user.token), payload });
    assert.equal(
      (await patchBot(owner, application.id, { avatar: dataUri('image/png', pngDeclaring(8, 8)), banner: dataUri('image/png', pngDeclaring(9, 9)) }))
        .statusCode,
      200,
    );
    assert.equal((await patchBot(owner, application.id, { avatar: null, banner: null })).statusCode, 200);
    assert.equal((await patchBot(owner, application.id, { avatar: dataUri('image/png', pngDeclaring(10, 10)) })).statusCode, 200);
    const refused = await unchanged(t.db, () => patchBot(owner, application.id, { avatar: dataUri('image/png', pngDeclaring(11, 11)) }));
    assert.equal(refused.statusCode, 429);
    assert.deepEqual(refused.data, { code: 'RATE_LIMITED', message: 'Too many image uploads; try again later' });
    assert.equal(refused.headers['x-ratelimit-bucket'], 'image-writes');
    assert.equal(refused.headers['retry-after'], '3600');
    const icon = await unchanged(t.db, () =>
      call(t.app, {
        method: 'POST',
        url: '/api/v1/oauth2/applications',
        headers: bearer(owner.token),
        payload: { name: 'Another', icon: dataUri('image/png', pngDeclaring(12, 12)) },
      }),
    );
    assert.equal(icon.statusCode, 429);
    const other = await registerUser(t.app);
    const theirs = await createApplication(t.app, other);
    assert.equal((await patchBot(other, theirs.id, { avatar: dataUri('image/png', pngDeclaring(13, 13)) })).statusCode, 200);
    t.clock.advance(3600);
    assert.equal((await patchBot(owner, application.id, { avatar: dataUri('image/png', pngDeclaring(11, 11)) })).statusCode, 200);
  });
});

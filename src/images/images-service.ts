// Images: stores uploaded avatars, banners and icons by content hash and serves them back by that hash.
import { createHash } from 'node:crypto';
import type { Clock } from '../clock.js';
import type { ImageRecord, Store } from '../storage/types.js';
import { decodeImageDataUri } from './image-data-uri.js';

/** Hex SHA-256: the image's name in API fields and in `/images/{hash}`. */
export const IMAGE_HASH_PATTERN = '^[0-9a-f]{64}$';

export class ImagesService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly maxBytes: number,
  ) {}

  /**
   * The hash to store in an image field for a PATCH value: undefined leaves the field as it is, null clears it,
   * a data URI is checked, stored and named by its hash.
   */
  async accept(value: string | null | undefined, field: string, store: Store = this.store): Promise<string | null | undefined> {
    if (value === undefined || value === null) return value;
    const { contentType, bytes } = decodeImageDataUri(value, this.maxBytes, field);
    const hash = createHash('sha256').update(bytes).digest('hex');
    await store.images.put({ hash, contentType, bytes, createdAt: this.clock.now() });
    return hash;
  }

  get(hash: string): Promise<ImageRecord | null> {
    return this.store.images.get(hash);
  }
}

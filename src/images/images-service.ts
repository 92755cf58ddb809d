// Images: stores uploaded avatars, banners and icons by content hash and serves them back by that hash.
import { createHash } from 'node:crypto';
import type { Clock } from '../clock.js';
import type { GuardedLimit } from '../limits/guarded-limit.js';
import type { ImageRecord, Store, Tx } from '../storage/types.js';
import { decodeImageDataUri } from './image-data-uri.js';

/** Hex SHA-256: the image's name in API fields and in `/images/{hash}`. */
export const IMAGE_HASH_PATTERN = '^[0-9a-f]{64}$';

/** An image field's PATCH value, checked: the field's new value, and the image to store for it when there is one. */
export interface ImageChange {
  /** undefined leaves the field as it is, null clears it, else the image's hash. */
  value: string | null | undefined;
  image: ImageRecord | null;
}

export class ImagesService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly maxBytes: number,
    /** Image writes per user (GUILDGATE_IMAGE_WRITE_LIMIT an hour). */
    private readonly writes: GuardedLimit,
  ) {}

  /**
   * Decodes, checks and hashes a data URI for the user writing it (undefined and null pass through): CPU work, so
   * done before the transaction that stores it. The write is counted against the user's limit before any decoding
   * (429 RATE_LIMITED beyond it). Throws INVALID_FORM_BODY on `field`.
   */
  async decode(userId: string, value: string | null | undefined, field: string): Promise<ImageChange> {
    if (value === undefined || value === null) return { value, image: null };
    await this.writes.enforce(userId, this.clock.now(), 'Too many image uploads; try again later');
    const { contentType, bytes } = decodeImageDataUri(value, this.maxBytes, field);
    const hash = createHash('sha256').update(bytes).digest('hex');
    return { value: hash, image: { hash, contentType, bytes, createdAt: this.clock.now() } };
  }

  /** Stores the change's image, if any, in the transaction of the record that names it; answers the field's value. */
  async save(tx: Tx, change: ImageChange): Promise<string | null | undefined> {
    if (change.image) await tx.images.put(change.image);
    return change.value;
  }

  get(hash: string): Promise<ImageRecord | null> {
    return this.store.images.get(hash);
  }
}

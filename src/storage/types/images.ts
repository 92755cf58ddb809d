// The image store: uploaded avatars, banners and icons, by content hash.

export interface ImageRecord {
  /** Hex SHA-256 of the bytes: the image's name in URLs and in the avatar, banner and icon fields. */
  hash: string;
  contentType: string;
  bytes: Buffer;
  createdAt: number;
}

export interface ImageStore {
  /**
   * Stores the image unless one with the same hash exists (content-addressed, so it is the same image); an existing one
   * only takes the new createdAt, so the purge's grace time starts again.
   */
  put(image: ImageRecord): Promise<void>;
  get(hash: string): Promise<ImageRecord | null>;
}

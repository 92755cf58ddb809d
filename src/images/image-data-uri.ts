// Decodes `data:image/<type>;base64,...` uploads: the declared type against the bytes' magic numbers, the file's
// structure and its dimensions read from its header (at most MAX_IMAGE_DIMENSION pixels each way).
import { ApiError } from '../errors/api-error.js';
import { imageDimensions, MalformedImageError } from './image-dimensions.js';

export interface DecodedImage {
  contentType: string;
  bytes: Buffer;
}

/** The largest IMAGE_MAX_BYTES setting. */
export const IMAGE_MAX_BYTES_CEILING = 16_777_216;
/** The longest data URI any setting accepts (the longest declared type, then base64): the schemas' length cap. */
export const IMAGE_DATA_URI_MAX = 'data:image/jpeg;base64,'.length + Math.ceil(IMAGE_MAX_BYTES_CEILING / 3) * 4;

/** Largest width and height accepted, in pixels. */
export const MAX_IMAGE_DIMENSION = 4096;

const DATA_URI = /^data:([^;,]*);base64,([A-Za-z0-9+/]*={0,2})$/;

/** The accepted types and the leading bytes that identify each (WebP: RIFF....WEBP). */
const SIGNATURES: Record<string, { name: string; matches(bytes: Buffer): boolean }> = {
  'image/png': { name: 'PNG', matches: (b) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) },
  'image/jpeg': { name: 'JPEG', matches: (b) => b.subarray(0, 3).equals(Buffer.from([0xff, 0xd8, 0xff])) },
  'image/gif': { name: 'GIF', matches: (b) => ['GIF87a', 'GIF89a'].includes(b.subarray(0, 6).toString('latin1')) },
  'image/webp': {
    name: 'WebP',
    matches: (b) => b.subarray(0, 4).toString('latin1') === 'RIFF' && b.subarray(8, 12).toString('latin1') === 'WEBP',
  },
};

/** The type the bytes actually are, by magic number, or null. */
export function sniffImageType(bytes: Buffer): string | null {
  return Object.keys(SIGNATURES).find((type) => SIGNATURES[type]!.matches(bytes)) ?? null;
}

/** The file's structure holds and its dimensions are within MAX_IMAGE_DIMENSION; else INVALID_FORM_BODY on `field`. */
function checkDimensions(contentType: string, bytes: Buffer, field: string): void {
  let width: number;
  let height: number;
  try {
    ({ width, height } = imageDimensions(contentType, bytes));
  } catch (error) {
    if (!(error instanceof MalformedImageError)) throw error;
    throw ApiError.invalidField(field, `is not a well-formed ${SIGNATURES[contentType]!.name} image: it ${error.message}`);
  }
  if (width > MAX_IMAGE_DIMENSION || height > MAX_IMAGE_DIMENSION) {
    throw ApiError.invalidField(field, `is ${width} x ${height} pixels; at most ${MAX_IMAGE_DIMENSION} x ${MAX_IMAGE_DIMENSION}`);
  }
}

/** Decodes a base64 image data URI; throws INVALID_FORM_BODY on `field` with the reason. */
export function decodeImageDataUri(value: string, maxBytes: number, field: string): DecodedImage {
  const match = DATA_URI.exec(value);
  if (!match) throw ApiError.invalidField(field, 'must be a base64 data URI such as data:image/png;base64,...');
  const contentType = match[1]!.toLowerCase();
  const signature = SIGNATURES[contentType];
  if (!signature) throw ApiError.invalidField(field, 'must be a PNG, JPEG, GIF or WebP image');
  const base64 = match[2]!;
  if (base64.length === 0 || base64.length % 4 !== 0) throw ApiError.invalidField(field, 'is not valid base64');
  if ((base64.length / 4) * 3 - (base64.match(/=/g)?.length ?? 0) > maxBytes) {
    throw ApiError.invalidField(field, `must be at most ${maxBytes} bytes`);
  }
  const bytes = Buffer.from(base64, 'base64');
  if (!signature.matches(bytes)) {
    const actual = sniffImageType(bytes);
    const is = actual ? `a ${SIGNATURES[actual]!.name} image` : 'not a PNG, JPEG, GIF or WebP image';
    throw ApiError.invalidField(field, `declares ${contentType} but the data is ${is}`);
  }
  checkDimensions(contentType, bytes, field);
  return { contentType, bytes };
}

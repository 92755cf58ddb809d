// Image dimensions read from the file's own structure (PNG IHDR, JPEG SOF, GIF screen, WebP VP8/VP8L/VP8X), and the
// structure checked on the way: a truncated or self-contradicting file is refused, never stored. One linear pass.

export interface Dimensions {
  width: number;
  height: number;
}

/** The file's structure does not hold: cut short, or a length or size that contradicts the rest. */
export class MalformedImageError extends Error {
  constructor(detail: string) {
    super(detail);
    this.name = 'MalformedImageError';
  }
}

const malformed = (detail: string) => new MalformedImageError(detail);

function need(bytes: Buffer, end: number, what: string): void {
  if (end > bytes.length) throw malformed(`is cut short in its ${what}`);
}

/** PNG: the signature, IHDR first (13 bytes), every chunk within the file, IDAT present, IEND last. */
function png(bytes: Buffer): Dimensions {
  let offset = 8;
  let dimensions: Dimensions | null = null;
  let hasData = false;
  for (;;) {
    need(bytes, offset + 8, 'chunk header');
    const length = bytes.readUInt32BE(offset);
    const type = bytes.toString('latin1', offset + 4, offset + 8);
    need(bytes, offset + 12 + length, 'chunks');
    if (dimensions === null) {
      if (type !== 'IHDR' || length !== 13) throw malformed('does not start with its IHDR header');
      dimensions = { width: bytes.readUInt32BE(offset + 8), height: bytes.readUInt32BE(offset + 12) };
    }
    if (type === 'IDAT') hasData = true;
    offset += 12 + length;
    if (type === 'IEND') break;
  }
  if (!hasData) throw malformed('has no image data');
  if (offset !== bytes.length) throw malformed('has data after its end');
  return dimensions;
}

/** JPEG start-of-frame markers (baseline, progressive, lossless, arithmetic): C0-CF but DHT C4, JPG C8 and DAC CC. */
const isStartOfFrame = (marker: number) => marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;

/** JPEG: marker segments up to the first frame header (before any scan), and the end-of-image marker last. */
function jpeg(bytes: Buffer): Dimensions {
  let offset = 2;
  for (;;) {
    need(bytes, offset + 2, 'marker');
    if (bytes[offset] !== 0xff) throw malformed('has a broken marker');
    const marker = bytes[offset + 1]!;
    if (marker === 0xff) {
      offset += 1; // fill byte
      continue;
    }
    if (marker === 0xd8 || marker === 0xd9 || marker === 0xda || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      throw malformed('has no frame header before its image data');
    }
    need(bytes, offset + 4, 'segment length');
    const length = bytes.readUInt16BE(offset + 2);
    if (length < 2) throw malformed('has a broken segment length');
    need(bytes, offset + 2 + length, 'segment');
    if (isStartOfFrame(marker)) {
      if (length < 8) throw malformed('has a broken frame header');
      if (bytes[bytes.length - 2] !== 0xff || bytes[bytes.length - 1] !== 0xd9) throw malformed('is cut short: no end-of-image marker');
      return { height: bytes.readUInt16BE(offset + 5), width: bytes.readUInt16BE(offset + 7) };
    }
    offset += 2 + length;
  }
}

/** GIF: the logical screen descriptor (13 bytes with the signature) and the trailer byte last. */
function gif(bytes: Buffer): Dimensions {
  need(bytes, 13, 'screen descriptor');
  if (bytes[bytes.length - 1] !== 0x3b) throw malformed('is cut short: no trailer');
  return { width: bytes.readUInt16LE(6), height: bytes.readUInt16LE(8) };
}

/** WebP: the RIFF size matches the file, and the first chunk (VP8X, VP8L or VP8) fits and names the canvas. */
function webp(bytes: Buffer): Dimensions {
  need(bytes, 20, 'RIFF header');
  if (bytes.readUInt32LE(4) !== bytes.length - 8) throw malformed('has a RIFF size that does not match the file');
  const chunk = bytes.toString('latin1', 12, 16);
  const size = bytes.readUInt32LE(16);
  need(bytes, 20 + size, 'first chunk');
  const data = bytes.subarray(20, 20 + size);
  if (chunk === 'VP8X') {
    if (size < 10) throw malformed('has a broken VP8X header');
    return { width: data.readUIntLE(4, 3) + 1, height: data.readUIntLE(7, 3) + 1 };
  }
  if (chunk === 'VP8L') {
    if (size < 5 || data[0] !== 0x2f) throw malformed('has a broken VP8L header');
    const bits = data.readUInt32LE(1);
    return { width: (bits & 0x3fff) + 1, height: ((bits >>> 14) & 0x3fff) + 1 };
  }
  if (chunk === 'VP8 ') {
    if (size < 10 || data[3] !== 0x9d || data[4] !== 0x01 || data[5] !== 0x2a) throw malformed('has a broken VP8 header');
    return { width: data.readUInt16LE(6) & 0x3fff, height: data.readUInt16LE(8) & 0x3fff };
  }
  throw malformed('starts with no VP8, VP8L or VP8X chunk');
}

const READERS: Record<string, (bytes: Buffer) => Dimensions> = {
  'image/png': png,
  'image/jpeg': jpeg,
  'image/gif': gif,
  'image/webp': webp,
};

/** The dimensions of an image whose magic number was checked to be `contentType`; throws MalformedImageError. */
export function imageDimensions(contentType: string, bytes: Buffer): Dimensions {
  const read = READERS[contentType];
  if (!read) throw malformed('is of an unknown type');
  const dimensions = read(bytes);
  if (dimensions.width === 0 || dimensions.height === 0) throw malformed('declares zero pixels');
  return dimensions;
}

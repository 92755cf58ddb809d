// JPEG, GIF and WebP files whose headers declare any size, well-formed in structure (the server reads headers, it
// does not decode pixels); PNGs are in png.ts.

/** A JPEG: SOI, a baseline frame header (SOF0) declaring width x height, one scan of a byte, EOI. */
export function jpegDeclaring(width: number, height: number): Buffer {
  const frame = Buffer.from([0xff, 0xc0, 0x00, 0x0b, 8, 0, 0, 0, 0, 1, 1, 0x11, 0]);
  frame.writeUInt16BE(height, 5);
  frame.writeUInt16BE(width, 7);
  const scan = Buffer.from([0xff, 0xda, 0x00, 0x08, 1, 1, 0x00, 0, 63, 0, 0x2a]);
  return Buffer.concat([Buffer.from([0xff, 0xd8]), frame, scan, Buffer.from([0xff, 0xd9])]);
}

/** A GIF89a: the screen descriptor declaring width x height, one 1 x 1 image, the trailer. */
export function gifDeclaring(width: number, height: number): Buffer {
  const screen = Buffer.from([0x47, 0x49, 0x46, 0x38, 0x39, 0x61, 0, 0, 0, 0, 0x80, 0, 0, 0, 0, 0, 0xff, 0xff, 0xff]);
  screen.writeUInt16LE(width, 6);
  screen.writeUInt16LE(height, 8);
  const image = Buffer.from([0x2c, 0, 0, 0, 0, 1, 0, 1, 0, 0, 0x02, 0x02, 0x44, 0x01, 0x00, 0x3b]);
  return Buffer.concat([screen, image]);
}

function riff(chunkType: string, data: Buffer): Buffer {
  const padded = data.length % 2 === 0 ? data : Buffer.concat([data, Buffer.alloc(1)]);
  const header = Buffer.alloc(20);
  header.write('RIFF', 0, 'latin1');
  header.writeUInt32LE(12 + padded.length, 4);
  header.write('WEBP', 8, 'latin1');
  header.write(chunkType, 12, 'latin1');
  header.writeUInt32LE(data.length, 16);
  return Buffer.concat([header, padded]);
}

/** A WebP of each kind declaring width x height: extended (VP8X), lossless (VP8L) or lossy (VP8). */
export function webpDeclaring(kind: 'VP8X' | 'VP8L' | 'VP8 ', width: number, height: number): Buffer {
  if (kind === 'VP8X') {
    const data = Buffer.alloc(10);
    data.writeUIntLE(width - 1, 4, 3);
    data.writeUIntLE(height - 1, 7, 3);
    return riff(kind, data);
  }
  if (kind === 'VP8L') {
    const data = Buffer.alloc(6);
    data[0] = 0x2f;
    data.writeUInt32LE(((width - 1) & 0x3fff) | (((height - 1) & 0x3fff) << 14), 1);
    return riff(kind, data);
  }
  const data = Buffer.from([0x50, 0x01, 0x00, 0x9d, 0x01, 0x2a, 0, 0, 0, 0, 0, 0]);
  data.writeUInt16LE(width, 6);
  data.writeUInt16LE(height, 8);
  return riff(kind, data);
}

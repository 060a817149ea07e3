// A minimal PNG writer (8-bit RGB or RGBA, not interlaced) over node:zlib: the Teams icons are two small generated
// images, so an image library would be a dependency for ~40 lines of chunk framing.
import { deflateSync } from 'node:zlib';

/** PNG colour types this writer produces: 2 = RGB, 6 = RGB + alpha. */
export const COLOR_TYPE = { rgb: 2, rgba: 6 };

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

// CRC-32 as the PNG spec defines it; node:zlib's crc32() only exists from Node 20.15, and engines allow 20.11.
const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes) {
  let c = 0xffffffff;
  for (const byte of bytes) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const typeAndData = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typeAndData));
  return Buffer.concat([length, typeAndData, crc]);
}

/**
 * Encodes `pixels` (rows top to bottom, `channels` bytes per pixel: 3 = RGB, 4 = RGBA) as a PNG file.
 * @param {{ width: number, height: number, channels: 3 | 4, pixels: Uint8Array }} image
 * @returns {Buffer}
 */
export function encodePng({ width, height, channels, pixels }) {
  if (pixels.length !== width * height * channels)
    throw new Error(`expected ${width * height * channels} bytes of pixels, got ${pixels.length}`);
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bits per channel
  ihdr[9] = channels === 4 ? COLOR_TYPE.rgba : COLOR_TYPE.rgb;
  // ihdr[10..12]: compression 0 (deflate), filter method 0, no interlace.
  const stride = width * channels;
  const raw = Buffer.alloc((stride + 1) * height);
  for (let y = 0; y < height; y++) {
    raw[y * (stride + 1)] = 0; // filter type None: the images are tiny, better compression is not worth the code
    Buffer.from(pixels.buffer, pixels.byteOffset + y * stride, stride).copy(raw, y * (stride + 1) + 1);
  }
  return Buffer.concat([
    SIGNATURE,
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

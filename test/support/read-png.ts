import { inflateSync } from 'node:zlib';

/** What a test needs from a PNG: its IHDR fields and, for 8-bit non-interlaced RGB(A), the unfiltered pixels. */
export interface PngImage {
  width: number;
  height: number;
  bitDepth: number;
  /** 2 = RGB, 6 = RGBA (PNG spec, IHDR). */
  colorType: number;
  interlace: number;
  channels: number;
  pixels: Uint8Array;
}

const SIGNATURE = '89504e470d0a1a0a';

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

/**
 * Reads a PNG as the PNG spec lays it out (signature, IHDR first, IDAT chunks, IEND), undoing all five row filters,
 * so the test also accepts icons written by another encoder.
 */
export function readPng(file: Buffer): PngImage {
  if (file.subarray(0, 8).toString('hex') !== SIGNATURE) throw new Error('not a PNG: wrong signature');
  let offset = 8;
  let header: Omit<PngImage, 'pixels' | 'channels'> | null = null;
  const idat: Buffer[] = [];
  while (offset < file.length) {
    const length = file.readUInt32BE(offset);
    const type = file.toString('ascii', offset + 4, offset + 8);
    const data = file.subarray(offset + 8, offset + 8 + length);
    if (!header && type !== 'IHDR') throw new Error(`not a PNG: first chunk is ${type}, not IHDR`);
    if (type === 'IHDR') {
      header = {
        width: data.readUInt32BE(0),
        height: data.readUInt32BE(4),
        bitDepth: data[8] ?? 0,
        colorType: data[9] ?? 0,
        interlace: data[12] ?? 0,
      };
    }
    if (type === 'IDAT') idat.push(data);
    if (type === 'IEND') break;
    offset += 12 + length;
  }
  if (!header) throw new Error('not a PNG: no IHDR');
  const channels = header.colorType === 6 ? 4 : header.colorType === 2 ? 3 : 0;
  if (channels === 0 || header.bitDepth !== 8 || header.interlace !== 0) {
    return { ...header, channels, pixels: new Uint8Array(0) };
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = header.width * channels;
  const pixels = new Uint8Array(stride * header.height);
  for (let y = 0; y < header.height; y++) {
    const filter = raw[y * (stride + 1)];
    for (let x = 0; x < stride; x++) {
      const value = raw[y * (stride + 1) + 1 + x] ?? 0;
      const left = x >= channels ? (pixels[y * stride + x - channels] ?? 0) : 0;
      const up = y > 0 ? (pixels[(y - 1) * stride + x] ?? 0) : 0;
      const upLeft = x >= channels && y > 0 ? (pixels[(y - 1) * stride + x - channels] ?? 0) : 0;
      const predictor = [0, left, up, (left + up) >> 1, paeth(left, up, upLeft)][filter ?? -1];
      if (predictor === undefined) throw new Error(`row ${y}: unknown filter type ${filter}`);
      pixels[y * stride + x] = (value + predictor) & 0xff;
    }
  }
  return { ...header, channels, pixels };
}

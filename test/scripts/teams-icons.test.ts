import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
// @ts-expect-error plain .mjs build script without type declarations
import { accentColor, colorIconPixels, outlineIconPixels, TEAMS_MANIFEST_DIR } from '../../scripts/teams-icons.mjs';
// @ts-expect-error plain .mjs build script without type declarations
import { encodePng } from '../../scripts/png-encode.mjs';
import { readPng } from '../support/read-png.js';

const icon = (name: string) => readPng(readFileSync(`${TEAMS_MANIFEST_DIR as string}${name}`));
const pixelAt = (png: ReturnType<typeof readPng>, x: number, y: number) => [
  ...png.pixels.subarray((y * png.width + x) * png.channels, (y * png.width + x + 1) * png.channels),
];

describe('Teams icons (app package rules: color 192×192 full colour, outline 32×32 white on transparent)', () => {
  it('color.png is 192×192, 8-bit opaque RGB, the accent colour behind a white mark', () => {
    const png = icon('color.png');
    expect({
      width: png.width,
      height: png.height,
      bitDepth: png.bitDepth,
      colorType: png.colorType,
      interlace: png.interlace,
    }).toEqual({
      width: 192,
      height: 192,
      bitDepth: 8,
      colorType: 2,
      interlace: 0,
    });
    const accent = /^#(..)(..)(..)$/
      .exec(accentColor() as string)!
      .slice(1)
      .map((h) => Number.parseInt(h, 16));
    expect(pixelAt(png, 0, 0)).toEqual(accent);
    expect(pixelAt(png, 191, 191)).toEqual(accent);
    expect(pixelAt(png, 96, 96)).toEqual([255, 255, 255]);
  });

  it('outline.png is 32×32 RGBA: every visible pixel is white, the rest transparent', () => {
    const png = icon('outline.png');
    expect({
      width: png.width,
      height: png.height,
      bitDepth: png.bitDepth,
      colorType: png.colorType,
      interlace: png.interlace,
    }).toEqual({
      width: 32,
      height: 32,
      bitDepth: 8,
      colorType: 6,
      interlace: 0,
    });
    const alphas: number[] = [];
    for (let y = 0; y < 32; y++) {
      for (let x = 0; x < 32; x++) {
        const [r, g, b, a] = pixelAt(png, x, y);
        alphas.push(a ?? -1);
        if (a !== 0) expect([r, g, b], `pixel ${x},${y}`).toEqual([255, 255, 255]);
      }
    }
    expect(pixelAt(png, 0, 0)[3]).toBe(0);
    expect(alphas.filter((a) => a === 0).length).toBeGreaterThan(300);
    expect(alphas.filter((a) => a === 255).length).toBeGreaterThan(200);
  });

  it('the committed icons show what scripts/teams-icons.mjs draws (rerun it after changing the mark or the accent colour)', () => {
    // Pixels, not bytes: another zlib (another Node) may compress the same image differently.
    const same = (name: string, drawn: { pixels: Uint8Array }) =>
      Buffer.from(icon(name).pixels).equals(Buffer.from(drawn.pixels));
    expect(same('color.png', colorIconPixels())).toBe(true);
    expect(same('outline.png', outlineIconPixels())).toBe(true);
  });

  it('the PNG writer round-trips through an independent reader, and refuses a wrong pixel count', () => {
    const pixels = new Uint8Array([255, 0, 0, 255, 0, 255, 0, 128, 0, 0, 255, 0, 1, 2, 3, 4]);
    const png = readPng(encodePng({ width: 2, height: 2, channels: 4, pixels }));
    expect({ width: png.width, height: png.height, colorType: png.colorType }).toEqual({
      width: 2,
      height: 2,
      colorType: 6,
    });
    expect([...png.pixels]).toEqual([...pixels]);
    expect(() => encodePng({ width: 2, height: 2, channels: 3, pixels })).toThrow(/expected 12 bytes/);
  });
});

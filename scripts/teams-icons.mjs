// Draws warroom's Teams icons, a siren (a beacon under five rays), and writes them to manifest/teams/ when run:
//   node scripts/teams-icons.mjs
// Teams wants color.png 192×192 in full colour and outline.png 32×32 white on transparent (app package rules).
// The PNGs are committed; a test checks they still show what this script draws, so edit here and rerun.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { encodePng } from './png-encode.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const TEAMS_MANIFEST_DIR = `${ROOT}manifest/teams/`;

/** Samples per pixel side: 4×4 = 16 samples give smooth edges without an anti-aliasing algorithm. */
const SUPERSAMPLE = 4;
const RAY_RADIUS = 0.045;

/** True when point p lies within r of the segment a–b (a capsule). Squared distances: Math.hypot is slow. */
function nearSegment(px, py, ax, ay, bx, by, r) {
  const dx = bx - ax;
  const dy = by - ay;
  const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)));
  const ex = px - (ax + t * dx);
  const ey = py - (ay + t * dy);
  return ex * ex + ey * ey <= r * r;
}

/** Five rays around the dome's centre (0.5, 0.45), from 0.33 to 0.45 away: left, up-left, up, up-right, right. */
const RAYS = [180, 225, 270, 315, 360].map((degrees) => {
  const a = (degrees * Math.PI) / 180;
  return [0.5 + 0.33 * Math.cos(a), 0.45 + 0.33 * Math.sin(a), 0.5 + 0.45 * Math.cos(a), 0.45 + 0.45 * Math.sin(a)];
});

/** The mark in a unit square (x right, y down): true where it is drawn. */
export function sirenMark(x, y) {
  const inDome =
    (y <= 0.45 && (x - 0.5) ** 2 + (y - 0.45) ** 2 <= 0.25 ** 2) || (y > 0.45 && y <= 0.78 && x >= 0.25 && x <= 0.75);
  // A highlight cut out of the dome, so it reads as a lamp and not a tombstone.
  const highlight = nearSegment(x, y, 0.38, 0.4, 0.38, 0.66, 0.035);
  const base = y >= 0.84 && y <= 0.99 && x >= 0.1 && x <= 0.9;
  const ray = RAYS.some(([ax, ay, bx, by]) => nearSegment(x, y, ax, ay, bx, by, RAY_RADIUS));
  return (inDome && !highlight) || base || ray;
}

/** How much of pixel (px, py) the mark covers, 0..1, with the mark scaled into [inset, size - inset]. */
function coverage(px, py, size, inset) {
  let hits = 0;
  for (let sy = 0; sy < SUPERSAMPLE; sy++) {
    for (let sx = 0; sx < SUPERSAMPLE; sx++) {
      const x = (px + (sx + 0.5) / SUPERSAMPLE - inset) / (size - 2 * inset);
      const y = (py + (sy + 0.5) / SUPERSAMPLE - inset) / (size - 2 * inset);
      if (x >= 0 && x <= 1 && y >= 0 && y <= 1 && sirenMark(x, y)) hits++;
    }
  }
  return hits / (SUPERSAMPLE * SUPERSAMPLE);
}

function hexToRgb(hex) {
  const match = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  if (!match) throw new Error(`accentColor ${hex} is not #rrggbb`);
  return match.slice(1).map((h) => Number.parseInt(h, 16));
}

/** The manifest's accentColor: the colour icon's background, so Teams' tile and the icon match. */
export function accentColor() {
  return JSON.parse(readFileSync(`${TEAMS_MANIFEST_DIR}manifest.json`, 'utf8')).accentColor;
}

/**
 * color.png: the white siren on the accent colour, opaque RGB. Teams crops the tile's corners, so the mark keeps
 * clear of the edges (inset a fifth of the side).
 */
export function colorIconPixels(accent = accentColor(), size = 192) {
  const [r, g, b] = hexToRgb(accent);
  const pixels = new Uint8Array(size * size * 3);
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      const c = coverage(px, py, size, size / 5);
      const i = (py * size + px) * 3;
      pixels[i] = Math.round(r + (255 - r) * c);
      pixels[i + 1] = Math.round(g + (255 - g) * c);
      pixels[i + 2] = Math.round(b + (255 - b) * c);
    }
  }
  return { width: size, height: size, channels: 3, pixels };
}

/** outline.png: the siren in white, everything else transparent (Teams tints it); RGBA, the mark fills the square. */
export function outlineIconPixels(size = 32) {
  const pixels = new Uint8Array(size * size * 4);
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      const i = (py * size + px) * 4;
      pixels.set([255, 255, 255, Math.round(255 * coverage(px, py, size, 1))], i);
    }
  }
  return { width: size, height: size, channels: 4, pixels };
}

/** Writes both icons beside the manifest template. */
export function writeTeamsIcons() {
  writeFileSync(`${TEAMS_MANIFEST_DIR}color.png`, encodePng(colorIconPixels()));
  writeFileSync(`${TEAMS_MANIFEST_DIR}outline.png`, encodePng(outlineIconPixels()));
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  writeTeamsIcons();
  process.stdout.write(`wrote ${TEAMS_MANIFEST_DIR}color.png and outline.png\n`);
}

import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
// @ts-expect-error plain .mjs build script without type declarations
import { distIsCurrent } from '../../scripts/build-stamp.mjs';

let root: string;
const at = (path: string, iso: string) => utimesSync(join(root, path), new Date(iso), new Date(iso));

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'warroom-stamp-'));
  mkdirSync(join(root, 'src/core'), { recursive: true });
  mkdirSync(join(root, 'dist'));
  writeFileSync(join(root, 'src/core/a.ts'), '');
  writeFileSync(join(root, 'package.json'), '{}');
  at('src/core/a.ts', '2026-12-01T10:00:00Z');
  at('package.json', '2026-12-01T10:00:00Z');
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('npm start builds only when dist/ is stale', () => {
  it('is stale without a stamp, current after a build, stale again once any source changes', () => {
    expect(distIsCurrent(root)).toBe(false);
    writeFileSync(join(root, 'dist/.build-stamp'), '');
    at('dist/.build-stamp', '2026-12-01T10:05:00Z');
    expect(distIsCurrent(root)).toBe(true);
    at('src/core/a.ts', '2026-12-01T10:06:00Z');
    expect(distIsCurrent(root)).toBe(false);
  });
});

// Which sources a build was made from, and whether dist/ is still current: `npm start` builds only when it is not.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

export const STAMP = 'dist/.build-stamp';
const SOURCES = ['src', 'commands', 'tsconfig.json', 'tsconfig.build.json', 'package.json'];

/** The newest modification time (ms) among the files a build reads. */
export function newestSource(root = '.') {
  let newest = 0;
  const visit = (path) => {
    const stat = statSync(path, { throwIfNoEntry: false });
    if (!stat) return;
    if (stat.isDirectory()) for (const name of readdirSync(path)) visit(join(path, name));
    else newest = Math.max(newest, stat.mtimeMs);
  };
  for (const source of SOURCES) visit(join(root, source));
  return newest;
}

/** True when dist/ was built after every source last changed. */
export function distIsCurrent(root = '.') {
  const stamp = statSync(join(root, STAMP), { throwIfNoEntry: false });
  return stamp !== undefined && stamp.mtimeMs >= newestSource(root);
}

import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Finds a file or folder shipped at the project root (migrations/, playbooks/, attack/), whether we run from
 * src (tsx) or from dist (compiled), by walking up from this module.
 */
export function findProjectPath(relative: string): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i += 1) {
    const candidate = join(dir, relative);
    if (existsSync(candidate)) return candidate;
    dir = dirname(dir);
  }
  throw new Error(`Cannot find ${relative} above ${fileURLToPath(import.meta.url)}`);
}

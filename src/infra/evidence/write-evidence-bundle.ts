import { createHash, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, renameSync, rmdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { ContentStore } from '../../core/evidence/evidence-vault.js';
import type { EvidenceExport } from '../../core/evidence/export-evidence.js';
import { verifyInstructions } from './verify-instructions.js';

/** Refuses a destination that already holds something: an export never mixes with, or overwrites, other files. */
export function checkBundleDestination(dir: string): string | null {
  if (!existsSync(dir)) return null;
  if (!statSync(dir).isDirectory()) return `${dir} exists and is not a folder. Give a new folder with --out <dir>.`;
  if (readdirSync(dir).length > 0) return `${dir} is not empty. Give a new or empty folder with --out <dir>.`;
  return null;
}

/**
 * Writes the bundle into a temporary sibling folder and renames it into place at the end, so nobody ever sees
 * half a bundle. Each file's bytes are re-hashed on the way out: what lands in files/<sha256> is what the name says.
 */
export function writeEvidenceBundle(
  dir: string,
  exp: EvidenceExport,
  contents: ContentStore,
  generatedAt: string,
): string[] {
  const target = resolve(dir);
  const problem = checkBundleDestination(target);
  if (problem) throw new Error(problem);
  mkdirSync(dirname(target), { recursive: true });
  const temp = `${target}.partial-${randomUUID()}`;
  const written: string[] = [];
  const put = (name: string, data: Uint8Array | string) => {
    writeFileSync(join(temp, name), data, { flag: 'wx', mode: 0o644 });
    written.push(name);
  };
  try {
    mkdirSync(join(temp, 'files'), { recursive: true });
    for (const file of exp.files) {
      const bytes = contents.read(file.sha256);
      if (!bytes) throw new Error(`the vault file for sha256 ${file.sha256} disappeared during the export`);
      const actual = createHash('sha256').update(bytes).digest('hex');
      if (actual !== file.sha256)
        throw new Error(`the vault file for sha256 ${file.sha256} changed during the export (now ${actual})`);
      put(file.name, bytes);
    }
    put('manifest.json', exp.manifest);
    put('manifest.sig', `${exp.signature.toString('base64')}\n`);
    // Raw bytes for `openssl pkeyutl -verify -sigfile`, which does not read base64.
    put('manifest.sig.bin', exp.signature);
    put('public-key.pem', exp.publicKeyPem);
    put('VERIFY.md', verifyInstructions(exp, generatedAt));
    if (existsSync(target)) rmdirSync(target); // empty (checked above); rename cannot replace it everywhere
    renameSync(temp, target);
  } finally {
    rmSync(temp, { recursive: true, force: true });
  }
  return written;
}

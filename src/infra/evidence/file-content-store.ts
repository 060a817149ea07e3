import { createHash, randomUUID } from 'node:crypto';
import {
  closeSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  readSync,
  renameSync,
  rmSync,
  writeSync,
} from 'node:fs';
import { hostname } from 'node:os';
import { join, resolve } from 'node:path';
import type { ContentStore, StoredContent } from '../../core/evidence/evidence-vault.js';

const SHA256 = /^[0-9a-f]{64}$/;
const CHUNK = 1024 * 1024;

/** sha256/ab/cdef…: two hex characters of fan-out keep directories small; the full hash is the name. */
export function contentPath(sha256: string): string {
  if (!SHA256.test(sha256)) throw new Error(`not a sha256 hex digest: ${sha256.slice(0, 80)}`);
  return join('sha256', sha256.slice(0, 2), sha256.slice(2));
}

/**
 * The evidence content store on the local file system, under `root` (normally <DATA_DIR>/evidence).
 * Files are written to a temporary name, fsynced and renamed, so a crash never leaves a half-written file under a
 * hash; they are made read-only, and an existing file is never overwritten (tampering must stay visible to verify).
 */
export function fileContentStore(root: string, host: string = hostname()): ContentStore {
  const base = resolve(root);
  const absolute = (sha256: string) => join(base, contentPath(sha256));
  return {
    put(bytes: Uint8Array): StoredContent {
      const sha256 = createHash('sha256').update(bytes).digest('hex');
      const storagePath = contentPath(sha256);
      const target = join(base, storagePath);
      if (!existsSync(target)) {
        const dir = join(target, '..');
        mkdirSync(dir, { recursive: true, mode: 0o700 });
        const temp = join(dir, `.tmp-${randomUUID()}`);
        try {
          const fd = openSync(temp, 'wx', 0o440);
          try {
            let offset = 0;
            while (offset < bytes.byteLength) offset += writeSync(fd, bytes, offset, bytes.byteLength - offset);
            fsyncSync(fd);
          } finally {
            closeSync(fd);
          }
          renameSync(temp, target);
        } finally {
          rmSync(temp, { force: true });
        }
        syncDirectory(dir);
      }
      return { sha256, size: bytes.byteLength, storagePath, location: `${host}:${target}` };
    },
    read(sha256) {
      try {
        return readFileSync(absolute(sha256));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw error;
      }
    },
    digest(sha256) {
      let fd: number;
      try {
        fd = openSync(absolute(sha256), 'r');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw error;
      }
      // Chunked, so verifying a 50 MiB file does not need 50 MiB of memory.
      try {
        const hash = createHash('sha256');
        const buffer = Buffer.alloc(CHUNK);
        let size = 0;
        for (let n = readSync(fd, buffer, 0, CHUNK, null); n > 0; n = readSync(fd, buffer, 0, CHUNK, null)) {
          hash.update(buffer.subarray(0, n));
          size += n;
        }
        return { sha256: hash.digest('hex'), size };
      } finally {
        closeSync(fd);
      }
    },
    location: (sha256) => `${host}:${absolute(sha256)}`,
  };
}

/** Makes the rename itself durable (POSIX); some platforms cannot open a directory, and there it is skipped. */
function syncDirectory(dir: string): void {
  let fd: number | null = null;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch {
    // Not supported here (e.g. Windows): the file's own fsync still happened.
  } finally {
    if (fd !== null) closeSync(fd);
  }
}

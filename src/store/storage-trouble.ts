/**
 * What a SQLite failure means for someone waiting on a write. `busy`: another writer holds the lock past the busy
 * timeout — it passes by itself. `failing`: the database cannot take writes now (read-only file or mount, cannot open
 * its files, I/O error, disk full, damaged file) — an operator has to act, but the write itself was fine, so a sender
 * should keep it and retry. Anything else (a constraint, a bad statement) is our bug, not the storage's: null.
 */
export type StorageTrouble = 'busy' | 'failing';

/** Primary result codes; extended codes (SQLITE_IOERR_WRITE, SQLITE_READONLY_DBMOVED, SQLITE_BUSY_SNAPSHOT…) share the prefix. */
const BUSY = ['SQLITE_BUSY', 'SQLITE_LOCKED'];
const FAILING = [
  'SQLITE_READONLY',
  'SQLITE_CANTOPEN',
  'SQLITE_IOERR',
  'SQLITE_FULL',
  'SQLITE_CORRUPT',
  'SQLITE_NOTADB',
];

const isCode = (code: string, primary: string) => code === primary || code.startsWith(`${primary}_`);

/** Looks through `cause` too: an ORM may wrap the driver's SqliteError (drizzle's async DrizzleQueryError does). */
export function storageTroubleOf(error: unknown): StorageTrouble | null {
  for (
    let e = error, depth = 0;
    e && typeof e === 'object' && depth < 5;
    e = (e as { cause?: unknown }).cause, depth += 1
  ) {
    const code = (e as { code?: unknown }).code;
    if (typeof code !== 'string') continue;
    if (BUSY.some((p) => isCode(code, p))) return 'busy';
    if (FAILING.some((p) => isCode(code, p))) return 'failing';
  }
  return null;
}

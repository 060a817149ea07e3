/** What the content store reports about bytes it holds. */
export interface StoredContent {
  sha256: string;
  size: number;
  /** Path inside the vault, e.g. sha256/ab/cdef…; the same for the same bytes on every deployment. */
  storagePath: string;
  /** Host and absolute path, for custody "location". */
  location: string;
}

/**
 * Content-addressed bytes. The file system implementation lives in src/infra/evidence (the core does no file I/O);
 * synchronous because verbs run inside one synchronous SQLite transaction.
 */
export interface ContentStore {
  /** Stores the bytes under their SHA-256 (once: identical content is kept once) and reports where. */
  put(bytes: Uint8Array): StoredContent;
  /** The stored bytes, or null when the file is gone. */
  read(sha256: string): Buffer | null;
  /** Re-hashes the stored file as it is now; null when it is gone. */
  digest(sha256: string): { sha256: string; size: number } | null;
  /** Host and absolute path of the file for these bytes. */
  location(sha256: string): string;
}

/** Everything the evidence verbs need besides the store. */
export interface EvidenceVault {
  contents: ContentStore;
  /** IANA zone recorded beside every UTC timestamp (NIST asks for time zones). */
  timeZone: string;
}

/** Files larger than this are refused with a message; a disk image belongs in forensic storage, referenced by hash. */
export const EVIDENCE_MAX_BYTES = 50 * 1024 * 1024;

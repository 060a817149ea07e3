import { join } from 'node:path';
import type { EvidenceVault } from '../../core/evidence/evidence-vault.js';
import { fileContentStore } from './file-content-store.js';

/** The deployment's zone as the process sees it (TZ, else the system's); "UTC" when it cannot tell. */
export function systemTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

/** The vault of a data directory: bytes under <dataDir>/evidence, times recorded with this zone. */
export function openEvidenceVault(dataDir: string, timeZone: string = systemTimeZone()): EvidenceVault {
  return { contents: fileContentStore(join(dataDir, 'evidence')), timeZone };
}

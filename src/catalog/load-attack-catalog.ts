import { readFileSync } from 'node:fs';
import { AttackData, attackCatalog, type AttackCatalog } from '../core/attack/attack-catalog.js';
import { findProjectPath } from '../project-file.js';

let cached: AttackCatalog | null = null;

/** The shipped ATT&CK Enterprise data, parsed once. */
export function loadAttackCatalog(): AttackCatalog {
  cached ??= attackCatalog(
    AttackData.parse(JSON.parse(readFileSync(findProjectPath('attack/attack-enterprise.json'), 'utf8'))),
  );
  return cached;
}

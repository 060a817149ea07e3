import type { Ctx } from '../context.js';
import { WarroomError } from '../errors.js';
import type { EvidenceVault } from './evidence-vault.js';

/** The vault the server opened at start; without one there is nowhere safe to put evidence. */
export function requireVault(ctx: Ctx): EvidenceVault {
  const vault = ctx.settings.evidence;
  if (!vault)
    throw new WarroomError(
      'UNAVAILABLE',
      'The evidence vault is not available on this warroom (it needs a data directory). Ask whoever runs warroom to check DATA_DIR.',
    );
  return vault;
}

import { z } from 'zod';
import type { OperatorCtx } from './operator-ctx.js';
import { ValidationError } from '../errors.js';
import { ChainHead } from '../timeline/chain-head.js';
import { loadIncident } from '../incident/load-incident.js';
import { appendCustodyEntry } from './append-custody-entry.js';
import type { CustodyEntry } from './custody-entry.js';
import type { EvidenceVault } from './evidence-vault.js';
import { findEvidenceProblems, type EvidenceVerdict } from './find-evidence-problems.js';

export const VerifyEvidenceInput = z.object({
  incidentId: z.number().int(),
  /** Log a "verified" custody entry per item when the check passes (every access is logged; off for monitoring). */
  record: z.boolean().default(true),
  purpose: z.string().trim().min(1).max(300).default('integrity check'),
  expectHead: ChainHead.optional(),
});
export type VerifyEvidenceInput = z.input<typeof VerifyEvidenceInput>;

export interface EvidenceCheck {
  verdict: EvidenceVerdict;
  /** The "verified" entries appended after a passing check (none when it failed or recording was off). */
  recorded: CustodyEntry[];
}

/**
 * `warroom evidence verify`: checks first, records after. The check reads the vault as it was; the "verified"
 * entries are new links appended after the head it reports, so they never change what was verified.
 * A failing vault gets no entries: nothing is added to a chain that no longer proves anything.
 */
export function verifyEvidence({
  ctx,
  vault,
  input,
}: {
  ctx: OperatorCtx;
  vault: EvidenceVault;
  input: VerifyEvidenceInput;
}): EvidenceCheck {
  const parsed = VerifyEvidenceInput.safeParse(input);
  if (!parsed.success) throw new ValidationError(parsed.error.issues[0]?.message ?? 'invalid input');
  const { incidentId, record, purpose, expectHead } = parsed.data;
  loadIncident(ctx.store, incidentId);
  // Hashing files can take a while: do it outside the write transaction so the server's writers are not held up.
  const verdict = findEvidenceProblems(ctx.store, vault.contents, incidentId, expectHead);
  if (!verdict.ok || !record) return { verdict, recorded: [] };
  const at = ctx.now();
  const recorded = ctx.store.transaction((store) =>
    verdict.items.map((item) =>
      appendCustodyEntry(store, {
        item,
        at,
        tz: vault.timeZone,
        actor: ctx.actor,
        action: 'verified',
        purpose,
        location: vault.contents.location(item.sha256),
      }),
    ),
  );
  return { verdict, recorded };
}

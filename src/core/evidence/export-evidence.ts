import { z } from 'zod';
import type { OperatorCtx } from './operator-ctx.js';
import { ConflictError, ValidationError } from '../errors.js';
import type { Incident } from '../incident/incident.js';
import { loadIncident } from '../incident/load-incident.js';
import { verifyTimelineChain } from '../timeline/verify-timeline-chain.js';
import { appendCustodyEntry } from './append-custody-entry.js';
import { bundleFileName, buildEvidenceManifest } from './build-evidence-manifest.js';
import type { EvidenceVault } from './evidence-vault.js';
import { findEvidenceProblems } from './find-evidence-problems.js';
import type { ManifestSigner } from './manifest-signer.js';

export const ExportEvidenceInput = z.object({
  incidentId: z.number().int(),
  /** Where the bundle goes (host and path), recorded in each "exported" custody entry. */
  location: z.string().min(1).max(1000),
  purpose: z.string().trim().min(1).max(300).default('export for audit'),
  generator: z.object({ name: z.string(), version: z.string() }),
});
export type ExportEvidenceInput = z.input<typeof ExportEvidenceInput>;

export interface EvidenceExport {
  incident: Incident;
  /** The exact bytes of manifest.json; the signature is over these. */
  manifest: Buffer;
  signature: Buffer;
  publicKeyPem: string;
  fingerprint: string;
  /** Files to copy from the content store into the bundle. */
  files: { sha256: string; name: string }[];
  custodyHead: string;
  timelineHead: string;
}

/**
 * Prepares a signed export of an incident's evidence; src/infra/evidence writes it to disk. Refuses to sign a vault or a
 * timeline that fails verification (a signature would vouch for tampered records). Each item gets an "exported"
 * custody entry, and the manifest includes them, so the head it carries is the database's head right after export.
 */
export function exportEvidence({
  ctx,
  vault,
  signer,
  input,
}: {
  ctx: OperatorCtx;
  vault: EvidenceVault;
  signer: ManifestSigner;
  input: ExportEvidenceInput;
}): EvidenceExport {
  const parsed = ExportEvidenceInput.safeParse(input);
  if (!parsed.success) throw new ValidationError(parsed.error.issues[0]?.message ?? 'invalid input');
  const { incidentId, location, purpose, generator } = parsed.data;
  const incident = loadIncident(ctx.store, incidentId);
  const verdict = findEvidenceProblems(ctx.store, vault.contents, incidentId);
  if (!verdict.ok) {
    const lines = verdict.problems.slice(0, 5).map((p) => `${p.label}: ${p.problem}`);
    throw new ConflictError(
      (fmt) =>
        `${incident.ref} evidence fails verification, so nothing was exported or signed:\n  ${lines.join('\n  ')}\nRun ${fmt.code(`warroom evidence verify ${incident.ref}`)} for the full report.`,
    );
  }
  if (verdict.items.length === 0)
    throw new ValidationError(
      (fmt) => `${incident.ref} has no evidence yet. Add some with ${fmt.command('evidence add')} in its war room.`,
    );
  const at = ctx.now();
  const { manifest, custodyHead, timelineHead } = ctx.store.transaction((store) => {
    const timeline = verifyTimelineChain(store.timeline.forIncident(incidentId));
    if (!timeline.ok)
      throw new ConflictError(
        (fmt) =>
          `${incident.ref} timeline fails verification, so nothing was exported or signed. Run ${fmt.code(`warroom timeline verify ${incident.ref}`)}.`,
      );
    // Verification ran outside the transaction (hashing takes time); an item that arrived meanwhile was not checked.
    if (store.evidence.itemsFor(incidentId).length !== verdict.items.length)
      throw new ConflictError(
        `Evidence was added to ${incident.ref} during the export; nothing was exported. Run the export again.`,
      );
    for (const item of verdict.items) {
      appendCustodyEntry(store, {
        item,
        at,
        tz: vault.timeZone,
        actor: ctx.actor,
        action: 'exported',
        purpose,
        location,
      });
    }
    const custody = store.evidence.custodyFor(incidentId);
    const bytes = buildEvidenceManifest({
      incident,
      items: verdict.items,
      custody,
      timeline: { entries: timeline.entries, head: timeline.headHash },
      generatedAt: at,
      generatedBy: ctx.actor,
      timeZone: vault.timeZone,
      generator,
      signer,
    });
    return { manifest: bytes, custodyHead: custody.at(-1)?.hash ?? '', timelineHead: timeline.headHash };
  });
  return {
    incident,
    manifest,
    signature: signer.sign(manifest),
    publicKeyPem: signer.publicKeyPem,
    fingerprint: signer.fingerprint,
    files: verdict.items.map((item) => ({ sha256: item.sha256, name: bundleFileName(item.sha256) })),
    custodyHead,
    timelineHead,
  };
}

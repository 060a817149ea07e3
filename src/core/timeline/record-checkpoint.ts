import type { Ctx } from '../context.js';
import type { Incident } from '../incident/incident.js';
import type { Store } from '../store-port.js';
import { checkpointStatement, type TimelineCheckpoint } from './timeline-checkpoint.js';

/**
 * Signs the incident's current timeline head and records it beside the chain. Call inside the verb's transaction,
 * after its last timeline entry, so the status change, its entries and the checkpoint commit together: a head that
 * was ever shown as signed can then only disappear by deleting the checkpoint too, and the war-room header has
 * already published it. Returns null when this process has no signing key (see CoreSettings.signer).
 */
export function recordCheckpoint(store: Store, ctx: Ctx, incident: Incident): TimelineCheckpoint | null {
  const signer = ctx.settings.signer;
  const head = store.timeline.last(incident.id);
  if (!signer || !head) return null;
  const draft = {
    incidentId: incident.id,
    number: (store.checkpoints.latest(incident.id)?.number ?? 0) + 1,
    seq: head.seq,
    headHash: head.hash,
    status: incident.status,
    at: ctx.now().toISOString(),
  };
  return store.checkpoints.insert({
    ...draft,
    keyFingerprint: signer.fingerprint,
    signature: signer.sign(checkpointStatement(draft)).toString('base64'),
  });
}

import type { Store } from '../core/store-port.js';
import type { CardTarget } from './card-target.js';

/** The incident's lead and role holders, in that order, without repeats. */
function responders(store: Store, incidentId: number): string[] {
  const incident = store.incidents.byId(incidentId);
  return [incident?.leadId ?? null, ...store.roles.forIncident(incidentId).map((r) => r.userId)].flatMap((id) =>
    id ? [id] : [],
  );
}

/**
 * Who acts on a card, so a surface that can draw it per viewer (Teams' refresh) does so for them: the lead and role
 * holders on the header and checklists, plus whoever claimed a step of the run, and the requester of an approval (four
 * eyes shows them a different card). Triage, storm and prompt buttons are the same for everyone: nobody.
 */
export function cardViewers(store: Store, target: CardTarget): string[] {
  const ids = (() => {
    switch (target.card) {
      case 'header':
        return responders(store, target.incidentId);
      case 'stage': {
        const run = store.playbooks.run(target.runId);
        if (!run) return [];
        const claimers = store.playbooks.steps(run.id).flatMap((s) => (s.claimedBy ? [s.claimedBy] : []));
        return [...responders(store, run.incidentId), ...claimers];
      }
      case 'approval': {
        const approval = store.approvals.byId(target.approvalId);
        return approval ? [...responders(store, approval.incidentId), approval.requestedBy] : [];
      }
      case 'triage':
      case 'storm':
      case 'resolve_prompt':
        return [];
    }
  })();
  return [...new Set(ids)];
}

import type { Ctx } from '../core/context.js';
import { incidentForChannel } from '../core/incident/find-incident.js';
import type { ButtonPress } from './button-press.js';
import { BUTTON_REFUSALS } from './button-refusals.js';

/** The incident a press acts on, when it exists; null leaves a missing target for the verb to report. */
function incidentOf(ctx: Ctx, press: ButtonPress): number | null {
  switch (press.kind) {
    case 'approve':
    case 'reject':
      return ctx.store.approvals.byId(press.approvalId)?.incidentId ?? null;
    case 'step':
      return ctx.store.playbooks.run(press.runId)?.incidentId ?? null;
    case 'storm-split':
      return ctx.store.incidents.byId(press.stormIncidentId)?.id ?? null;
    case 'triage-declare':
    case 'triage-dismiss':
      return null;
    default:
      return ctx.store.incidents.byId(press.incidentId)?.id ?? null;
  }
}

/**
 * A button acts on the incident of the channel it was pressed in, and a triage button on an alert whose message is
 * in that channel: a copied message or a hand-made request cannot reach another incident. Returns the refusal, or
 * null when the press belongs where it was made (or names nothing that exists, which the verb then says).
 */
export function pressedElsewhere(ctx: Ctx, press: ButtonPress, channelId: string): string | null {
  if (press.kind === 'triage-declare' || press.kind === 'triage-dismiss') {
    const triageChannelId = ctx.store.alerts.byId(press.alertId)?.triageChannelId;
    return triageChannelId && triageChannelId !== channelId ? BUTTON_REFUSALS.notThisAlert : null;
  }
  const incidentId = incidentOf(ctx, press);
  if (incidentId === null) return null;
  return incidentForChannel({ ctx, channelId })?.id === incidentId ? null : BUTTON_REFUSALS.notThisIncident;
}

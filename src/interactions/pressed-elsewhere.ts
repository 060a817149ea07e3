import type { Ctx } from '../core/context.js';
import { incidentForChannel } from '../core/incident/find-incident.js';
import type { ButtonPress } from './button-press.js';
import { BUTTON_REFUSALS } from './button-refusals.js';
import type { CardTarget } from './card-target.js';

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

/** The incident a card shows, when it exists. */
function incidentOfCard(ctx: Ctx, target: CardTarget): number | null {
  switch (target.card) {
    case 'stage':
      return ctx.store.playbooks.run(target.runId)?.incidentId ?? null;
    case 'approval':
      return ctx.store.approvals.byId(target.approvalId)?.incidentId ?? null;
    case 'triage':
      return null;
    default:
      return ctx.store.incidents.byId(target.incidentId)?.id ?? null;
  }
}

/** Whether the incident (null: nothing to check) is the one of the channel; the refusal otherwise. */
function notThisIncident(ctx: Ctx, incidentId: number | null, channelId: string): string | null {
  if (incidentId === null) return null;
  return incidentForChannel({ ctx, channelId })?.id === incidentId ? null : BUTTON_REFUSALS.notThisIncident;
}

/** Whether an alert's triage message is in the channel (an alert never triaged, or gone: nothing to check). */
function notThisAlert(ctx: Ctx, alertId: number, channelId: string): string | null {
  const triageChannelId = ctx.store.alerts.byId(alertId)?.triageChannelId;
  return triageChannelId && triageChannelId !== channelId ? BUTTON_REFUSALS.notThisAlert : null;
}

/**
 * A button acts on the incident of the channel it was pressed in, and a triage button on an alert whose message is
 * in that channel: a copied message or a hand-made request cannot reach another incident. Returns the refusal, or
 * null when the press belongs where it was made (or names nothing that exists, which the verb then says).
 */
export function pressedElsewhere(ctx: Ctx, press: ButtonPress, channelId: string): string | null {
  if (press.kind === 'triage-declare' || press.kind === 'triage-dismiss')
    return notThisAlert(ctx, press.alertId, channelId);
  return notThisIncident(ctx, incidentOf(ctx, press), channelId);
}

/** The same for a card drawn again where it was asked for: it shows only what belongs to that channel. */
export function cardElsewhere(ctx: Ctx, target: CardTarget, channelId: string): string | null {
  if (target.card === 'triage') return notThisAlert(ctx, target.alertId, channelId);
  return notThisIncident(ctx, incidentOfCard(ctx, target), channelId);
}

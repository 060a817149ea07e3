import { BUTTON_REFUSALS, type ButtonPress } from '../interactions/index.js';
import { parseStepClick, STEP_ACTION, stepActionId, type StepButtonValue } from './step-action-ids.js';
import { parseStormSplit, STORM_SPLIT_ACTION, stormSplitActionId, stormSplitValue } from './storm-action-ids.js';

/** An adapter's action ids for the buttons whose value is one id (each adapter's ids.ts); checklist and storm ids are shared. */
export interface ButtonActionIds {
  acknowledge: string;
  takeLead: string;
  updateStatus: string;
  resolve: string;
  resolveConfirmed: string;
  declareAlert: string;
  dismissAlert: string;
  approveAction: string;
  rejectAction: string;
  startPostmortem: string;
}

/**
 * The action ids of warroom's buttons, one spelling for every surface (Slack action ids, sandbox ids, Teams verbs):
 * the same click means the same thing wherever it is made.
 */
export const BUTTON_ACTION_IDS = {
  acknowledge: 'incident.acknowledge',
  takeLead: 'incident.take_lead',
  updateStatus: 'incident.update_status',
  resolve: 'incident.resolve',
  resolveConfirmed: 'incident.resolve_confirmed',
  declareAlert: 'alert.declare',
  dismissAlert: 'alert.dismiss',
  approveAction: 'approval.approve',
  rejectAction: 'approval.reject',
  startPostmortem: 'postmortem.start',
} as const satisfies ButtonActionIds;

export interface ButtonCodec {
  /** Every action id warroom's buttons use, to route them to the one button handler. */
  actionIds: ReadonlyArray<string | RegExp>;
  /**
   * A pressed button's action id and value as the shared layer's press (parsed there: a value that is not an id
   * fails there), or the refusal of a checklist or storm button whose value no longer decodes.
   */
  decode(actionId: string, value: string | undefined): { press: unknown } | { refused: string };
  /** A press as a button's action id and value (a message with several checklist or storm buttons numbers them itself). */
  encode(press: ButtonPress): { actionId: string; value: string };
}

/** How an adapter's buttons carry presses: the mapping is written once, the ids are each adapter's. */
export function buttonCodec(ids: ButtonActionIds): ButtonCodec {
  const byId: Record<string, (id: number) => unknown> = {
    [ids.acknowledge]: (incidentId) => ({ kind: 'acknowledge', incidentId }),
    [ids.takeLead]: (incidentId) => ({ kind: 'take-lead', incidentId }),
    [ids.updateStatus]: (incidentId) => ({ kind: 'update-status', incidentId }),
    [ids.resolve]: (incidentId) => ({ kind: 'resolve', incidentId, confirmed: false }),
    [ids.resolveConfirmed]: (incidentId) => ({ kind: 'resolve', incidentId, confirmed: true }),
    [ids.declareAlert]: (alertId) => ({ kind: 'triage-declare', alertId }),
    [ids.dismissAlert]: (alertId) => ({ kind: 'triage-dismiss', alertId }),
    [ids.approveAction]: (approvalId) => ({ kind: 'approve', approvalId }),
    [ids.rejectAction]: (approvalId) => ({ kind: 'reject', approvalId }),
    [ids.startPostmortem]: (incidentId) => ({ kind: 'postmortem-start', incidentId }),
  };
  return {
    actionIds: [...Object.keys(byId), STEP_ACTION, STORM_SPLIT_ACTION],
    decode(actionId, value) {
      const one = byId[actionId];
      if (one) return { press: one(Number(value)) };
      if (STEP_ACTION.test(actionId)) {
        const click = parseStepClick(actionId, value);
        return click
          ? {
              press: {
                kind: 'step',
                action: click.kind,
                runId: click.runId,
                stepId: click.stepId,
                answer: click.answer,
              },
            }
          : { refused: BUTTON_REFUSALS.outOfDateStep };
      }
      if (STORM_SPLIT_ACTION.test(actionId)) {
        const split = parseStormSplit(actionId, value);
        return split ? { press: { kind: 'storm-split', ...split } } : { refused: BUTTON_REFUSALS.outOfDateStorm };
      }
      return { refused: BUTTON_REFUSALS.outOfDate };
    },
    encode(press) {
      switch (press.kind) {
        case 'step': {
          const value: StepButtonValue = {
            r: press.runId,
            s: press.stepId,
            ...(press.answer !== null ? { a: press.answer } : {}),
          };
          const button =
            press.action === 'answer'
              ? { kind: 'answer' as const, label: '', answer: press.answer ?? '' }
              : { kind: press.action, label: '' };
          return { actionId: stepActionId(button, press.stepId, 0), value: JSON.stringify(value) };
        }
        case 'storm-split':
          return { actionId: stormSplitActionId(0), value: stormSplitValue(press.stormIncidentId, press.target) };
        case 'resolve':
          return { actionId: press.confirmed ? ids.resolveConfirmed : ids.resolve, value: String(press.incidentId) };
        case 'acknowledge':
          return { actionId: ids.acknowledge, value: String(press.incidentId) };
        case 'take-lead':
          return { actionId: ids.takeLead, value: String(press.incidentId) };
        case 'update-status':
          return { actionId: ids.updateStatus, value: String(press.incidentId) };
        case 'postmortem-start':
          return { actionId: ids.startPostmortem, value: String(press.incidentId) };
        case 'triage-declare':
          return { actionId: ids.declareAlert, value: String(press.alertId) };
        case 'triage-dismiss':
          return { actionId: ids.dismissAlert, value: String(press.alertId) };
        case 'approve':
          return { actionId: ids.approveAction, value: String(press.approvalId) };
        case 'reject':
          return { actionId: ids.rejectAction, value: String(press.approvalId) };
      }
    },
  };
}

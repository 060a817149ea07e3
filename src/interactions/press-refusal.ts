import type { Ctx } from '../core/context.js';
import { decisionRefusal } from '../core/approval/decision-refusal.js';
import { isWarroomError, type WarroomError } from '../core/errors.js';
import { statusRefusal } from '../core/incident/change-status.js';
import { closedRefusal } from '../core/incident/require-open.js';
import { requirePerson } from '../core/incident/require-person.js';
import { loadRunStep, stepAuthorityRefusal } from '../core/playbook/load-run-step.js';
import { leadRefusal } from '../core/roles/assign-lead.js';
import { splitRefusal } from '../core/storm/declare-separately.js';
import type { ButtonPress } from './button-press.js';

/** A check that throws its refusal, as a value. */
function refusalOf(check: () => WarroomError | null): WarroomError | null {
  try {
    return check();
  } catch (error) {
    if (isWarroomError(error)) return error;
    throw error;
  }
}

/**
 * Why pressing would be refused for this person as things stand, without pressing: who they are (four eyes, the step's
 * owner, already the lead) and whether the incident still takes changes. The rules are the verbs' own (each core
 * `*Refusal`). Only what a card can leave out is asked here; a missing reason, evidence or a lost race is still
 * answered when the button is pressed. Null when it would run, or when its incident is gone (the press then says so).
 */
export function pressRefusal(press: ButtonPress, ctx: Ctx): WarroomError | null {
  return refusalOf(() => {
    const userId = requirePerson(ctx.actor);
    const { store } = ctx;
    switch (press.kind) {
      case 'acknowledge':
      case 'update-status': {
        const incident = store.incidents.byId(press.incidentId);
        return incident ? closedRefusal(incident) : null;
      }
      case 'resolve': {
        const incident = store.incidents.byId(press.incidentId);
        return incident ? statusRefusal(incident, 'resolved') : null;
      }
      case 'take-lead': {
        const incident = store.incidents.byId(press.incidentId);
        return incident ? leadRefusal(incident, userId) : null;
      }
      case 'approve':
      case 'reject': {
        const approval = store.approvals.byId(press.approvalId);
        const incident = approval ? store.incidents.byId(approval.incidentId) : null;
        return approval && incident ? decisionRefusal(store, approval, incident, userId) : null;
      }
      case 'step':
        // Every step button needs an open incident, an attached run, and someone allowed to act on the step.
        return stepAuthorityRefusal(store, loadRunStep(store, press.runId, press.stepId), userId);
      case 'storm-split': {
        const storm = store.incidents.byId(press.stormIncidentId);
        return storm ? splitRefusal(storm) : null;
      }
      case 'triage-declare':
      case 'triage-dismiss':
      case 'postmortem-start':
        return null;
    }
  });
}

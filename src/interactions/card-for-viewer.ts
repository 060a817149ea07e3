import { alertsView } from '../core/alert/alerts-view.js';
import { describeResolvePrompt } from '../core/alert/describe-resolve-prompt.js';
import { describeTriageAlert } from '../core/alert/describe-triage-alert.js';
import { approvalView } from '../core/approval/approval-view.js';
import { textView, type ChatView } from '../core/chat-view.js';
import type { WarroomError } from '../core/errors.js';
import type { HeaderButton } from '../core/incident/describe-incident.js';
import { headerView } from '../core/incident/header-view.js';
import type { Incident } from '../core/incident/incident.js';
import { describeStage, type StageView } from '../core/playbook/describe-stage.js';
import type { StageId } from '../core/playbook/playbook-schema.js';
import type { ButtonPress } from './button-press.js';
import type { CardTarget } from './card-target.js';
import type { InteractionEnv } from './interaction.js';
import { pressRefusal } from './press-refusal.js';

/** A card drawn for the person looking at it: only the buttons they may press, and why the others are missing. */
export interface ViewerCard {
  view: ChatView;
  /** Said on the card for this viewer alone (the four-eyes rule, whose step it is), or null. */
  note: string | null;
}

const HEADER_PRESS: Record<HeaderButton, (incidentId: number) => ButtonPress> = {
  acknowledge: (incidentId) => ({ kind: 'acknowledge', incidentId }),
  take_lead: (incidentId) => ({ kind: 'take-lead', incidentId }),
  update_status: (incidentId) => ({ kind: 'update-status', incidentId }),
  resolve: (incidentId) => ({ kind: 'resolve', incidentId, confirmed: false }),
};

/** The header without the buttons the viewer's press would be refused (I'll lead, for the lead). */
function header(incident: Incident, env: InteractionEnv): ViewerCard {
  const drawn = headerView(env.ctx, incident);
  const buttons = drawn.view.buttons.filter((b) => !pressRefusal(HEADER_PRESS[b](incident.id), env.ctx));
  return { view: { ...drawn, view: { ...drawn.view, buttons } }, note: null };
}

/** One refusal as it reads; several different ones (steps of different owners) as one line. */
function noteFor(refusals: WarroomError[], env: InteractionEnv, several: string): string | null {
  const texts = [...new Set(refusals.map((r) => r.describe(env.fmt)))];
  if (texts.length === 0) return null;
  return texts.length === 1 ? (texts[0] ?? null) : several;
}

/** The checklist with buttons only on the steps the viewer may act on (the lead, the owner role, the claimer). */
function stage(target: Extract<CardTarget, { card: 'stage' }>, env: InteractionEnv): ViewerCard | null {
  const { store } = env.ctx;
  const run = store.playbooks.run(target.runId);
  const incident = run ? store.incidents.byId(run.incidentId) : null;
  if (!run || !incident) return null;
  const drawn = describeStage(
    incident,
    run,
    store.playbooks.steps(run.id),
    target.stageId as StageId,
    env.fmt,
    env.ctx.now(),
  );
  if (!drawn) return null;
  const refusals: WarroomError[] = [];
  const steps = drawn.steps.map((step) => {
    const first = step.buttons[0];
    if (!first) return step;
    // Every button of a step asks the same of the presser (step.kind only picks the verb), so one check covers the row.
    const press: ButtonPress = { kind: 'step', action: first.kind, runId: run.id, stepId: step.stepId, answer: null };
    const refusal = pressRefusal(press, env.ctx);
    if (!refusal) return step;
    refusals.push(refusal);
    return { ...step, buttons: [] };
  });
  const view: StageView = { ...drawn, steps };
  const note = noteFor(
    refusals,
    env,
    `Buttons show on the steps you can act on; the other ${refusals.length} belong to their owner role, whoever claimed them, or the lead.`,
  );
  return { view: { kind: 'stage', view }, note };
}

/** An approval request: Approve and Reject only for someone who may decide it (four eyes), who is told otherwise. */
function approval(approvalId: number, env: InteractionEnv): ViewerCard | null {
  const request = env.ctx.store.approvals.byId(approvalId);
  if (!request) return null;
  const drawn = approvalView(env.ctx.store, request, env.fmt);
  if (!drawn.view.open) return { view: drawn, note: null };
  const refusal = pressRefusal({ kind: 'approve', approvalId }, env.ctx);
  if (!refusal) return { view: drawn, note: null };
  return { view: { ...drawn, view: { ...drawn.view, open: false } }, note: refusal.describe(env.fmt) };
}

/** A storm's rolled-up alerts; once nothing can leave the storm, its rows lose their Declare separately buttons. */
function storm(incident: Incident, env: InteractionEnv): ViewerCard {
  const drawn = alertsView(env.ctx, incident, env.fmt);
  const first = drawn.kind === 'storm' ? drawn.view.rows[0] : undefined;
  if (drawn.kind !== 'storm' || !first) return { view: drawn, note: null };
  const refusal = pressRefusal({ kind: 'storm-split', stormIncidentId: incident.id, target: first.split }, env.ctx);
  if (!refusal) return { view: drawn, note: null };
  const rest = [...drawn.view.rows.map((r) => r.text), ...drawn.view.rest];
  return { view: { kind: 'storm', view: { ...drawn.view, rows: [], rest } }, note: refusal.describe(env.fmt) };
}

/** "Every alert is resolved": its Resolve button only while resolving is still possible. */
function resolvePrompt(incident: Incident, env: InteractionEnv): ViewerCard {
  const text = describeResolvePrompt(incident, env.fmt);
  const refusal = pressRefusal({ kind: 'resolve', incidentId: incident.id, confirmed: false }, env.ctx);
  if (!refusal) return { view: { kind: 'resolve_prompt', incidentId: incident.id, text }, note: null };
  return { view: textView(text), note: refusal.describe(env.fmt) };
}

/**
 * A card as it stands now, drawn for the person looking at it (env.ctx.actor): the same view the outbox posts, with the
 * buttons that person's press would be refused left out and a note saying why (pressRefusal: the verbs' own rules).
 * Null when what it shows no longer exists. Buttons anyone may press are left alone; a closed incident's go.
 */
export function cardForViewer(target: CardTarget, env: InteractionEnv): ViewerCard | null {
  const { store } = env.ctx;
  switch (target.card) {
    case 'header': {
      const incident = store.incidents.byId(target.incidentId);
      return incident ? header(incident, env) : null;
    }
    case 'stage':
      return stage(target, env);
    case 'approval':
      return approval(target.approvalId, env);
    case 'triage': {
      const alert = store.alerts.byId(target.alertId);
      return alert ? { view: { kind: 'triage', view: describeTriageAlert(alert, env.fmt) }, note: null } : null;
    }
    case 'storm': {
      const incident = store.incidents.byId(target.incidentId);
      return incident ? storm(incident, env) : null;
    }
    case 'resolve_prompt': {
      const incident = store.incidents.byId(target.incidentId);
      return incident ? resolvePrompt(incident, env) : null;
    }
  }
}

import type { TriageView } from './alert/describe-triage-alert.js';
import type { ApprovalView } from './approval/describe-approval.js';
import type { IncidentHeaderView } from './incident/describe-incident.js';
import type { Incident } from './incident/incident.js';
import type { StageView } from './playbook/describe-stage.js';
import type { StormSummaryView } from './storm/describe-storm-summary.js';

/**
 * One message warroom shows in a chat, platform-neutral: what a describe-* presenter produced, plus the buttons it
 * implies. Each adapter draws every kind its own way (Block Kit, sandbox blocks, an Adaptive Card); the text in it is
 * already written with the adapter's Fmt, so no kind carries platform markup from the core.
 */
export type ChatView =
  /** The war room's live header, edited in place (the incident gives its ref, title, declarer and button values). */
  | { kind: 'header'; incident: Incident; view: IncidentHeaderView }
  /** A playbook stage's checklist with a button row per step. */
  | { kind: 'stage'; view: StageView }
  /** An approval request with Approve / Reject while it is open. */
  | { kind: 'approval'; view: ApprovalView }
  /** A below-threshold alert in the triage channel, with Declare incident / Dismiss while undecided. */
  | { kind: 'triage'; view: TriageView }
  /** A storm incident's rolled-up alert message with a Declare separately button per row. */
  | { kind: 'storm'; view: StormSummaryView }
  /** A message of rich text and nothing else. */
  | TextView
  /** "Every alert is resolved": the text, and a Resolve button for the incident. */
  | { kind: 'resolve_prompt'; incidentId: number; text: string }
  /** The postmortem request on resolve: the text, and a Start postmortem button for the incident. */
  | { kind: 'postmortem_prompt'; incidentId: number; text: string };

/** Rich text (Fmt marks, mentions, escaped user text) with no buttons. */
export interface TextView {
  kind: 'text';
  text: string;
}

/** The common case, spelled once. */
export const textView = (text: string): TextView => ({ kind: 'text', text });

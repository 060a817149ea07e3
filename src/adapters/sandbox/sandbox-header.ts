import type { TriageView } from '../../core/alert/describe-triage-alert.js';
import type { IncidentHeaderView } from '../../core/incident/describe-incident.js';
import type { Incident } from '../../core/incident/incident.js';
import type { SandboxBlock } from './sandbox-blocks.js';
import { userOrNobody, type Fmt } from '../../core/fmt.js';
import { SANDBOX_ACTION, SANDBOX_BUTTON } from './ids.js';
import { describeCheckpoint } from '../../core/timeline/describe-checkpoint.js';

/** A triage alert in the sandbox: the same view as Slack's, drawn with sandbox blocks. */
export function sandboxTriage(view: TriageView): { text: string; blocks: SandboxBlock[] } {
  const blocks: SandboxBlock[] = [
    { type: 'text', text: `*${view.heading}*` },
    { type: 'text', text: view.text },
  ];
  if (view.actions.length > 0) {
    blocks.push({
      type: 'actions',
      buttons: [
        ...(view.actions.includes('declare')
          ? [
              {
                actionId: SANDBOX_BUTTON.declareAlert,
                label: 'Declare incident',
                value: String(view.alertId),
                style: 'primary' as const,
              },
            ]
          : []),
        ...(view.actions.includes('dismiss')
          ? [{ actionId: SANDBOX_BUTTON.dismissAlert, label: 'Dismiss', value: String(view.alertId) }]
          : []),
      ],
    });
  }
  return { text: view.heading, blocks };
}

export function sandboxHeader(
  incident: Incident,
  view: IncidentHeaderView,
  f: Fmt,
): { text: string; blocks: SandboxBlock[] } {
  const blocks: SandboxBlock[] = [
    { type: 'header', text: view.heading },
    {
      type: 'fields',
      fields: [
        { label: 'Severity', value: view.severity },
        { label: 'Status', value: view.status },
        { label: 'Lead', value: userOrNobody(f, view.leadId, "nobody yet — press I'll lead") },
        { label: 'Elapsed', value: view.elapsed },
      ],
    },
    {
      type: 'text',
      text: `*Roles* ${view.roles.map((r) => `${r.role}: ${r.userId ? f.user(r.userId) : 'unassigned'}`).join(' · ')}`,
    },
    {
      type: 'context',
      text: `Declared ${f.time(view.declaredAt)} by ${incident.declaredBy ? f.user(incident.declaredBy) : 'an alert'} · /incident help`,
    },
  ];
  if (view.bridgeUrl) blocks.push({ type: 'text', text: `*Bridge* ${view.bridgeUrl}` });
  if (view.clocks.length > 0) {
    blocks.push({
      type: 'context',
      text: view.clocks
        .map(
          (c) => `⏱ ${c.title} · due ${f.time(c.deadline)} · ${c.remaining}${c.state === 'missed' ? ' (missed)' : ''}`,
        )
        .join('\n'),
    });
  }
  if (view.detection) {
    const d = view.detection;
    blocks.push({
      type: 'context',
      text: `Detected ${f.time(d.detectedAt)} · received ${d.toReceive} · war room ${d.toWarRoom}${d.toAcknowledge ? ` · acknowledged ${d.toAcknowledge}` : ' · not acknowledged yet'}`,
    });
  }
  if (view.checkpoint) blocks.push({ type: 'context', text: `🔒 ${describeCheckpoint(view.checkpoint, f)}` });
  if (view.buttons.length > 0) {
    blocks.push({
      type: 'actions',
      buttons: view.buttons.map((b) => ({
        actionId: SANDBOX_ACTION[b].id,
        label: SANDBOX_ACTION[b].label,
        value: String(incident.id),
        ...(SANDBOX_ACTION[b].style ? { style: SANDBOX_ACTION[b].style } : {}),
      })),
    });
  }
  return { text: `${incident.ref} ${view.severity} ${view.status}: ${incident.title}`, blocks };
}

import { SETTABLE_STATUSES } from '../../core/incident/change-status.js';
import { MAX_TITLE_LENGTH } from '../../core/incident/declare-incident.js';
import { SEVERITIES, type Incident, type Severity } from '../../core/incident/incident.js';
import type { SandboxForm } from './sandbox-blocks.js';

export function declareForm(originChannelId: string, severity: Severity | null): SandboxForm {
  return {
    formId: 'declare',
    title: 'Declare an incident',
    submit: 'Declare',
    context: { originChannelId },
    fields: [
      { name: 'title', label: 'What is happening?', kind: 'text', maxLength: MAX_TITLE_LENGTH, required: true, placeholder: 'Checkout API returns 500s' },
      {
        name: 'severity',
        label: 'Severity',
        kind: 'select',
        options: SEVERITIES.map((s) => ({ value: s, label: s.toUpperCase() })),
        initial: severity ?? 'sev3',
        required: true,
      },
    ],
  };
}

export function statusForm(incident: Incident, channelId: string): SandboxForm {
  return {
    formId: 'update_status',
    title: `Update ${incident.ref}`,
    submit: 'Update',
    context: { incidentId: incident.id, channelId },
    fields: [
      {
        name: 'status',
        label: `Status (now ${incident.status})`,
        kind: 'select',
        options: SETTABLE_STATUSES.filter((s) => s !== incident.status).map((s) => ({ value: s, label: s })),
        required: true,
      },
      { name: 'note', label: 'What changed?', kind: 'textarea', maxLength: 2000, required: false },
    ],
  };
}

export function dismissForm(alertId: number, channelId: string): SandboxForm {
  return {
    formId: 'dismiss_alert',
    title: 'Dismiss alert',
    submit: 'Dismiss',
    context: { alertId, channelId },
    fields: [{ name: 'reason', label: 'Why is this not an incident?', kind: 'text', maxLength: 500, required: true, placeholder: 'Known flapping check, ticket OPS-123' }],
  };
}

function reasonForm(formId: 'skip_step' | 'reject_action', title: string, label: string, context: Record<string, string | number>): SandboxForm {
  return { formId, title, submit: title.split(' ')[0] ?? 'OK', context, fields: [{ name: 'reason', label, kind: 'text', maxLength: 500, required: true }] };
}

export const skipForm = (runId: number, stepId: string, channelId: string): SandboxForm => reasonForm('skip_step', 'Skip step', 'Why skip it?', { runId, stepId, channelId });
export const rejectForm = (approvalId: number, channelId: string): SandboxForm => reasonForm('reject_action', 'Reject action', 'Why not?', { approvalId, channelId });

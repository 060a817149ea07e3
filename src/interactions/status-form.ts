import { z } from 'zod';
import { runResolve } from '../../commands/resolve.js';
import { changeStatus, SETTABLE_STATUSES } from '../core/incident/change-status.js';
import type { Incident } from '../core/incident/incident.js';
import { defineForm } from './define-form.js';
import type { FormView } from './form-view.js';
import { resolveAnswer } from './resolve-answer.js';

/** Opened by the header's "Update status". */
export function statusForm(incident: Incident, channelId: string): FormView {
  return {
    id: 'update_status',
    title: `Update ${incident.ref}`,
    submit: 'Update',
    cancel: 'Cancel',
    context: { incidentId: incident.id, channelId },
    notes: [],
    fields: [
      {
        id: 'status',
        label: `Status (now ${incident.status})`,
        kind: 'select',
        options: SETTABLE_STATUSES.filter((s) => s !== incident.status).map((s) => ({ value: s, label: s })),
        required: true,
      },
      { id: 'note', label: 'What changed?', kind: 'long-text', maxLength: 2000, required: false },
    ],
  };
}

const Status = z.enum(SETTABLE_STATUSES);

/**
 * The status form. The change shows in the header and the channel when it works, so success says nothing; resolved
 * goes through the shared resolve, which asks first (privately, with the confirm button) while playbook work is open.
 */
export const submitStatusForm = defineForm({
  id: 'update_status',
  mainField: 'status',
  context: z.object({ incidentId: z.coerce.number().int(), channelId: z.string() }),
  stale: `Pick one of: ${SETTABLE_STATUSES.join(', ')}.`,
  submit({ incidentId }, values, { ctx, fmt }) {
    const status = Status.safeParse(values.status);
    if (!status.success)
      return { type: 'form-errors', errors: { status: `Pick one of: ${SETTABLE_STATUSES.join(', ')}.` } };
    const note = values.note?.trim() || null;
    if (status.data === 'resolved') {
      const answer = resolveAnswer(runResolve(ctx, fmt, { incidentId, via: 'form', note, confirmed: false }));
      return answer.type === 'private' && answer.buttons ? answer : { type: 'done' };
    }
    changeStatus({ ctx, input: { incidentId, status: status.data, note, via: 'form' } });
    return { type: 'done' };
  },
});

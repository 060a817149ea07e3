import { z } from 'zod';
import { dismissAlert } from '../core/alert/decide-triage.js';
import { defineForm } from './define-form.js';
import type { FormView } from './form-view.js';
import { reasonForm } from './reason-form.js';

export function dismissForm(alertId: number, channelId: string): FormView {
  return reasonForm({
    id: 'dismiss_alert',
    title: 'Dismiss alert',
    submit: 'Dismiss',
    label: 'Why is this not an incident?',
    placeholder: 'Known flapping check, ticket OPS-123',
    context: { alertId, channelId },
  });
}

/** The dismiss form: the reason is required (the verb says how much); the triage message then shows who and why. */
export const submitDismissForm = defineForm({
  id: 'dismiss_alert',
  mainField: 'reason',
  context: z.object({ alertId: z.coerce.number().int(), channelId: z.string() }),
  stale: 'This dialog is out of date; press Dismiss again.',
  submit({ alertId }, values, { ctx }) {
    dismissAlert({ ctx, input: { alertId, reason: values.reason ?? '' } });
    return { type: 'done' };
  },
});

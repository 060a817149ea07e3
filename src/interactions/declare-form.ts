import { z } from 'zod';
import type { Fmt } from '../core/fmt.js';
import { declareIncident, MAX_TITLE_LENGTH } from '../core/incident/declare-incident.js';
import { SEVERITIES, type Incident, type Severity } from '../core/incident/incident.js';
import { defineForm } from './define-form.js';
import type { FormView } from './form-view.js';

const SeverityValue = z.enum(SEVERITIES);

/** Opened by `/incident declare` with no title; the channel it was typed in rides along, to answer there. */
export function declareForm(originChannelId: string, severity: Severity | null): FormView {
  return {
    id: 'declare',
    title: 'Declare an incident',
    submit: 'Declare',
    cancel: 'Cancel',
    context: { originChannelId },
    notes: [],
    fields: [
      {
        id: 'title',
        label: 'What is happening?',
        kind: 'text',
        maxLength: MAX_TITLE_LENGTH,
        required: true,
        placeholder: 'Checkout API returns 500s',
      },
      {
        id: 'severity',
        label: 'Severity',
        kind: 'select',
        options: SEVERITIES.map((s) => ({ value: s, label: s.toUpperCase() })),
        initial: severity ?? 'sev3',
        required: true,
      },
    ],
  };
}

/** Told to whoever declared through a form. */
export function declaredFromFormText(incident: Incident, fmt: Fmt): string {
  return `Declared ${fmt.bold(incident.ref)} (${incident.severity.toUpperCase()}): ${fmt.text(incident.title)}. You lead it; the war room #${incident.plannedChannelName} is opening.`;
}

/** The declare form: the declarer leads; a refusal (no title, too long) goes back under the title. */
export const submitDeclareForm = defineForm({
  id: 'declare',
  mainField: 'title',
  context: z.object({ originChannelId: z.string() }),
  stale: 'This dialog is out of date; declare again.',
  submit({ originChannelId }, values, { ctx, fmt }) {
    const severity = SeverityValue.safeParse(values.severity || 'sev3');
    if (!severity.success)
      return {
        type: 'form-errors',
        errors: { severity: `Pick one of: ${SEVERITIES.map((s) => s.toUpperCase()).join(', ')}.` },
      };
    const incident = declareIncident({
      ctx,
      input: {
        title: values.title ?? '',
        severity: severity.data,
        originChannelId: originChannelId || null,
        via: 'form',
      },
    });
    return { type: 'declared', incident, text: declaredFromFormText(incident, fmt) };
  },
});

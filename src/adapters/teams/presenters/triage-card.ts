import type { TriageView } from '../../../core/alert/describe-triage-alert.js';
import { INPUT, VERB } from '../ids.js';
import type { CardActivity, CardElement } from './adaptive-card.js';
import type { CardContext } from './build-card-activity.js';
import { execute, reasonInput, textBlock } from './card-elements.js';
import { fitCard } from './fit-card.js';
import { trimNote } from './trim-note.js';

/** A triage alert: what it is, and Declare incident / Dismiss (with the reason box) while nobody has decided. */
export function triageCard(view: TriageView, ctx: CardContext): CardActivity {
  const text = textBlock(view.text);
  const body: CardElement[] = [textBlock(view.heading, { weight: 'Bolder', size: 'Medium' }), text];
  const data = { alertId: view.alertId };
  if (view.actions.includes('dismiss'))
    body.push(reasonInput(INPUT.reason, 'Reason (to dismiss)', 'Known flapping check, ticket OPS-123'));
  const { activity } = fitCard(
    {
      body,
      actions: [
        ...(view.actions.includes('declare')
          ? [execute(VERB.declareAlert, 'Declare incident', data, { style: 'positive' })]
          : []),
        ...(view.actions.includes('dismiss') ? [execute(VERB.dismissAlert, 'Dismiss', data)] : []),
      ],
      summary: view.heading,
      refresh: { card: 'triage', alertId: view.alertId },
      trimmable: [{ block: text, note: trimNote(ctx.fmt) }],
    },
    ctx,
  );
  return activity;
}

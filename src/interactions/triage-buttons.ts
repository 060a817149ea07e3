import { declareFromTriage } from '../core/alert/decide-triage.js';
import type { PressOf } from './button-press.js';
import { dismissForm } from './dismiss-form.js';
import type { InteractionEnv, InteractionResult } from './interaction.js';

/** "Declare incident" on a triage alert: its war room opens with the clicker as lead. */
export function triageDeclareButton(press: PressOf<'triage-declare'>, { ctx, fmt }: InteractionEnv): InteractionResult {
  const incident = declareFromTriage({ ctx, input: { alertId: press.alertId } });
  return {
    type: 'declared',
    incident,
    text: `Declared ${fmt.bold(incident.ref)} from this alert. You lead it; the war room #${incident.plannedChannelName} is opening.`,
  };
}

/** "Dismiss" asks why first (the reason is recorded). */
export function triageDismissButton(
  press: PressOf<'triage-dismiss'>,
  { channelId }: InteractionEnv,
): InteractionResult {
  return { type: 'open-form', form: dismissForm(press.alertId, channelId ?? '') };
}

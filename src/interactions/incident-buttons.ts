import { runResolve } from '../../commands/resolve.js';
import { acknowledgeIncident } from '../core/incident/acknowledge-incident.js';
import { loadIncident } from '../core/incident/load-incident.js';
import { requirePerson } from '../core/incident/require-person.js';
import { assignLead } from '../core/roles/assign-lead.js';
import type { PressOf } from './button-press.js';
import { privately, type InteractionEnv, type InteractionResult } from './interaction.js';
import { resolveAnswer } from './resolve-answer.js';
import { statusForm } from './status-form.js';

/** Acknowledge on the header: the first click moves the incident to investigating; a second is refused by the verb. */
export function acknowledgeButton(press: PressOf<'acknowledge'>, { ctx }: InteractionEnv): InteractionResult {
  const incident = acknowledgeIncident({ ctx, input: { incidentId: press.incidentId, via: 'button' } });
  return privately(`You acknowledged ${incident.ref}.`);
}

/** "I'll lead": the clicker takes the lead (the timeline names both). */
export function takeLeadButton(press: PressOf<'take-lead'>, { ctx }: InteractionEnv): InteractionResult {
  const incident = assignLead({
    ctx,
    input: { incidentId: press.incidentId, userId: requirePerson(ctx.actor), via: 'button' },
  });
  return privately(`You now lead ${incident.ref}.`);
}

/** "Update status" opens the status form, answered from the channel it was pressed in. */
export function updateStatusButton(
  press: PressOf<'update-status'>,
  { ctx, channelId }: InteractionEnv,
): InteractionResult {
  const incident = loadIncident(ctx.store, press.incidentId);
  return { type: 'open-form', form: statusForm(incident, channelId ?? incident.channelId ?? '') };
}

/** Resolve (header, prompt) and Resolve anyway: the shared resolve, which asks first while playbook work is open. */
export function resolveButton(press: PressOf<'resolve'>, { ctx, fmt }: InteractionEnv): InteractionResult {
  return resolveAnswer(
    runResolve(ctx, fmt, { incidentId: press.incidentId, via: 'button', confirmed: press.confirmed }),
  );
}

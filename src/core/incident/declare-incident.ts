import { z } from 'zod';
import { actorUserId } from '../actor.js';
import type { Ctx } from '../context.js';
import { ValidationError } from '../errors.js';
import { SEVERITIES, type Incident } from './incident.js';
import { openIncident } from './open-incident.js';
import { recordIncidentChange } from './record-incident-change.js';
import { attachMatchingPlaybooks } from '../playbook/attach-playbook.js';

/** Titles go into a Slack header block (≤150 chars) after "INC-0042 · ", so 120 leaves room. */
export const MAX_TITLE_LENGTH = 120;

export const DeclareIncidentInput = z.object({
  title: z
    .string()
    .trim()
    .min(1, 'The incident needs a title.')
    .max(MAX_TITLE_LENGTH, `Keep the title to ${MAX_TITLE_LENGTH} characters.`),
  severity: z.enum(SEVERITIES).default('sev3'),
  originChannelId: z.string().nullable().default(null),
  via: z.enum(['command', 'form', 'button']).default('command'),
});
export type DeclareIncidentInput = z.input<typeof DeclareIncidentInput>;

export { warRoomOpenKey } from './open-incident.js';

/** Opens an incident with the declarer as lead, and queues its war room and header (the announcement follows the room). */
export function declareIncident({ ctx, input }: { ctx: Ctx; input: DeclareIncidentInput }): Incident {
  const parsed = DeclareIncidentInput.safeParse(input);
  if (!parsed.success) throw new ValidationError(parsed.error.issues.map((i) => i.message).join(' '));
  const { title, severity, originChannelId, via } = parsed.data;
  const declarer = actorUserId(ctx.actor);
  if (!declarer) throw new ValidationError('Only a person can declare an incident by hand.');

  return ctx.store.transaction((store) => {
    const incident = openIncident(store, ctx, {
      title,
      severity,
      originChannelId,
      leadId: declarer,
      declaredBy: declarer,
      origin: 'manual',
      priority: null,
      service: null,
      detectedAt: null,
      alertReceivedAt: null,
      drillTag: null,
    });
    recordIncidentChange(store, ctx, incident, {
      kind: 'incident.declared',
      payload: { ref: incident.ref, title, severity, lead: declarer, via },
    });
    attachMatchingPlaybooks(store, ctx, incident);
    return incident;
  });
}

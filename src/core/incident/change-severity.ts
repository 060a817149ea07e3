import { z } from 'zod';
import type { Ctx } from '../context.js';
import { ConflictError, ValidationError } from '../errors.js';
import { SEVERITIES, type Incident } from './incident.js';
import { loadIncident } from './load-incident.js';
import { recordIncidentChange } from './record-incident-change.js';
import { requireOpen } from './require-open.js';
import { requirePerson } from './require-person.js';

export const ChangeSeverityInput = z.object({
  incidentId: z.number().int(),
  severity: z.enum(SEVERITIES),
  via: z.enum(['command', 'button', 'form']).default('command'),
});
export type ChangeSeverityInput = z.input<typeof ChangeSeverityInput>;

export function changeSeverity({ ctx, input }: { ctx: Ctx; input: ChangeSeverityInput }): Incident {
  const parsed = ChangeSeverityInput.safeParse(input);
  if (!parsed.success)
    throw new ValidationError(
      (fmt) => `Severity must be 1, 2, 3 or 4 (1 is the worst). Example: ${fmt.command('sev 2')}.`,
    );
  const { incidentId, severity, via } = parsed.data;
  requirePerson(ctx.actor);
  return ctx.store.transaction((store) => {
    const incident = loadIncident(store, incidentId);
    requireOpen(incident);
    if (incident.severity === severity)
      throw new ConflictError(`${incident.ref} is already ${severity.toUpperCase()}.`);
    const updated = store.incidents.update(incident.id, { severity, updatedAt: ctx.now().toISOString() });
    recordIncidentChange(
      store,
      ctx,
      updated,
      { kind: 'severity.changed', payload: { from: incident.severity, to: severity, via } },
      { post: true },
    );
    return updated;
  });
}

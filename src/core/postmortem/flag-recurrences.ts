import { z } from 'zod';
import type { Ctx } from '../context.js';
import type { Incident } from '../incident/incident.js';
import { loadIncident } from '../incident/load-incident.js';
import { recordIncidentChange } from '../incident/record-incident-change.js';
import type { Store } from '../store-port.js';
import { findRecurrences } from './find-recurrences.js';

export const FlagRecurrencesInput = z.object({ incidentId: z.number().int() });
export type FlagRecurrencesInput = z.input<typeof FlagRecurrencesInput>;

/**
 * Inside the caller's transaction: posts each earlier incident this one recurs, once per earlier incident
 * (checks run again as alerts and the root-cause category arrive; the timeline remembers what was flagged).
 */
export function flagRecurrencesIn(store: Store, ctx: Ctx, incident: Incident): number {
  const flagged = new Set(
    store.timeline
      .forIncident(incident.id)
      .filter((e) => e.kind === 'recurrence.flagged')
      .map((e) => (JSON.parse(e.payload) as { incidentId: number }).incidentId),
  );
  let count = 0;
  for (const payload of findRecurrences(store, incident)) {
    if (flagged.has(payload.incidentId)) continue;
    recordIncidentChange(store, ctx, incident, { kind: 'recurrence.flagged', payload }, { header: false, post: true });
    count += 1;
  }
  return count;
}

/** Flags, in the incident's war room, earlier incidents it repeats (same service and category or ATT&CK technique). */
export function flagRecurrences({ ctx, input }: { ctx: Ctx; input: FlagRecurrencesInput }): number {
  const { incidentId } = FlagRecurrencesInput.parse(input);
  return ctx.store.transaction((store) => flagRecurrencesIn(store, ctx, loadIncident(store, incidentId)));
}

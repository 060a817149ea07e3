import { z } from 'zod';
import type { Ctx } from '../context.js';
import { ConflictError, ValidationError } from '../errors.js';
import type { Fmt } from '../fmt.js';
import type { Incident } from './incident.js';
import { loadIncident } from './load-incident.js';
import { recordIncidentChange } from './record-incident-change.js';
import { requireOpen } from './require-open.js';
import { requirePerson } from './require-person.js';
import { BridgeUrl } from './bridge-url.js';

const bridgeHelp = (fmt: Fmt) =>
  `Give the meeting link, like ${fmt.command('bridge https://meet.example.com/abc-defg-hij')}, or ${fmt.command('bridge off')} to remove it.`;

export const SetBridgeInput = z.object({
  incidentId: z.number().int(),
  /** null removes it. */
  url: BridgeUrl.nullable(),
  via: z.enum(['command', 'button', 'form']).default('command'),
});
export type SetBridgeInput = z.input<typeof SetBridgeInput>;

/** Sets (or removes) the call responders join; the header shows it and the timeline keeps when it changed. */
export function setBridge({ ctx, input }: { ctx: Ctx; input: SetBridgeInput }): Incident {
  const parsed = SetBridgeInput.safeParse(input);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => i.message).join(' ');
    throw new ValidationError((fmt) => `${problems} ${bridgeHelp(fmt)}`);
  }
  const { incidentId, url, via } = parsed.data;
  requirePerson(ctx.actor);
  return ctx.store.transaction((store) => {
    const incident = loadIncident(store, incidentId);
    requireOpen(incident);
    if (incident.bridgeUrl === url)
      throw new ConflictError(
        url ? `${incident.ref} already has that bridge.` : `${incident.ref} has no bridge to remove.`,
      );
    const updated = store.incidents.update(incident.id, { bridgeUrl: url, updatedAt: ctx.now().toISOString() });
    recordIncidentChange(
      store,
      ctx,
      updated,
      { kind: 'bridge.set', payload: { url, previous: incident.bridgeUrl, via } },
      { post: true },
    );
    return updated;
  });
}

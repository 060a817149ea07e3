import type { Incident } from '../incident/incident.js';
import { enqueueDelivery } from '../outbox/enqueue-delivery.js';
import type { Store } from '../store-port.js';

/** On resolve: ask the war room for the postmortem, with a Start postmortem button. Once per incident. */
export function queuePostmortemPrompt(store: Store, incident: Incident, now: Date): void {
  enqueueDelivery(store, {
    key: `inc${incident.id}.postmortem.prompt`,
    now,
    intent: { type: 'postmortem.prompt', incidentId: incident.id },
  });
}

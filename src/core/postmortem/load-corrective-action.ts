import { NotFoundError } from '../errors.js';
import type { Incident } from '../incident/incident.js';
import type { Store } from '../store-port.js';
import { loadPostmortem } from './load-postmortem.js';
import type { CorrectiveAction } from './postmortem.js';

export function loadCorrectiveAction(store: Store, incident: Incident, number: number): CorrectiveAction {
  const action = store.postmortems.action(loadPostmortem(store, incident).id, number);
  if (!action)
    throw new NotFoundError(
      (fmt) => `${incident.ref} has no corrective action A${number}. ${fmt.command('action list')} shows them.`,
    );
  return action;
}

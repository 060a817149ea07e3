import type { ActionExecutor } from '../core/approval/approval.js';

/** The default executor: changes nothing, and records exactly what it would have run. */
export const dryRunExecutor: ActionExecutor = {
  name: 'dry-run',
  async execute({ action, params, incidentRef }) {
    return { ok: true, detail: { dryRun: true, wouldRun: action, params, incident: incidentRef } };
  },
};

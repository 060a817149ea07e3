import { findIncidentByChannel } from '../src/core/incident/find-incident.js';
import type { Incident } from '../src/core/incident/incident.js';
import type { CommandEnv } from './command.js';

export function incidentOfChannel(env: CommandEnv): Incident {
  return findIncidentByChannel({ ctx: env.ctx, channelId: env.channelId });
}

import type { Ctx } from '../context.js';
import { WarroomError } from '../errors.js';
import type { Incident, RoleAssignment } from './incident.js';

/** The incident whose war room this channel is; commands that act on "this incident" start here. */
export function findIncidentByChannel({ ctx, channelId }: { ctx: Ctx; channelId: string }): Incident {
  const incident = ctx.store.incidents.byChannel(ctx.settings.platform, channelId);
  if (!incident) {
    throw new WarroomError(
      'WRONG_CHANNEL',
      (fmt) =>
        `This command only works in an incident channel. Run ${fmt.command('list')} to find one, or ${fmt.command('declare <title>')} to open one.`,
    );
  }
  return incident;
}

export function listOpenIncidents({ ctx }: { ctx: Ctx }): Incident[] {
  return ctx.store.incidents.listOpen();
}

export function listRoles({ ctx, incidentId }: { ctx: Ctx; incidentId: number }): RoleAssignment[] {
  return ctx.store.roles.forIncident(incidentId);
}

/** Like findIncidentByChannel, for events that simply do nothing outside war rooms. */
export function incidentForChannel({ ctx, channelId }: { ctx: Ctx; channelId: string }): Incident | null {
  return ctx.store.incidents.byChannel(ctx.settings.platform, channelId);
}

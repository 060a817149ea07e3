import type { Ctx } from '../core/context.js';
import { incidentForChannel } from '../core/incident/find-incident.js';
import { declareSeparately, describeDeclaredSeparately, type DeclaredSeparately } from '../core/storm/declare-separately.js';
import type { StormSplitClick } from './storm-action-ids.js';

/** Told when a Declare separately button is pressed anywhere but its storm's war room (forged or copied). */
export const STORM_SPLIT_WRONG_CHANNEL = "That button does not belong to this channel's incident.";

/** A Declare separately button acts on the storm of the channel it was pressed in, and nothing else. */
export function stormSplitBelongsTo(ctx: Ctx, click: StormSplitClick, channelId: string): boolean {
  return incidentForChannel({ ctx, channelId })?.id === click.stormIncidentId;
}

/** What a Declare separately click does, the same in every adapter, and the sentence the clicker is told. */
export function runStormSplit(ctx: Ctx, click: StormSplitClick): { result: DeclaredSeparately; text: string } {
  const result = declareSeparately({ ctx, input: { stormIncidentId: click.stormIncidentId, target: click.target, via: 'button' } });
  return { result, text: describeDeclaredSeparately(result) };
}

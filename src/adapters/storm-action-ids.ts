import { z } from 'zod';
import { StormSplitTarget } from '../core/storm/declare-separately.js';

/**
 * "Declare separately" on a storm's rolled-up message, shared by every adapter: `storm:split:<row>` (action ids must be
 * unique within a message), value `{i: stormIncidentId, s: service}` or `{i, a: alertId}`.
 */
export const STORM_SPLIT_ACTION = /^storm:split:\d+$/;
export const STORM_SPLIT_LABEL = 'Declare separately';

export const stormSplitActionId = (row: number): string => `storm:split:${row}`;

const StormSplitValue = z.union([
  z.object({ i: z.number().int(), s: z.string().min(1) }).strict(),
  z.object({ i: z.number().int(), a: z.number().int() }).strict(),
]);

export function stormSplitValue(incidentId: number, target: StormSplitTarget): string {
  return JSON.stringify(
    'service' in target ? { i: incidentId, s: target.service } : { i: incidentId, a: target.alertId },
  );
}

export interface StormSplitClick {
  stormIncidentId: number;
  target: StormSplitTarget;
}

/** Reads a Declare separately click; null when the id or value is not one of ours (forged or stale). */
export function parseStormSplit(actionId: string, value: string | undefined): StormSplitClick | null {
  if (!STORM_SPLIT_ACTION.test(actionId) || value === undefined) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    return null;
  }
  const v = StormSplitValue.safeParse(parsed);
  if (!v.success) return null;
  const target = StormSplitTarget.safeParse('s' in v.data ? { service: v.data.s } : { alertId: v.data.a });
  return target.success ? { stormIncidentId: v.data.i, target: target.data } : null;
}

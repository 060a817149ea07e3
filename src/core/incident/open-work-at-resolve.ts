import type { TimelineEntry } from '../timeline/timeline-event.js';
import { OpenWork } from './open-work.js';

/**
 * The playbook work that was still open when the incident was last resolved, with that resolve's entry; null when
 * the last resolve left nothing open (or it was never resolved). A resolve undone and redone cleanly counts clean.
 */
export function openWorkAtResolve(
  timeline: readonly TimelineEntry[],
): { openWork: OpenWork; entry: TimelineEntry } | null {
  for (let i = timeline.length - 1; i >= 0; i -= 1) {
    const entry = timeline[i];
    if (entry?.kind !== 'status.changed') continue;
    const payload = JSON.parse(entry.payload) as { to?: string; openWork?: unknown };
    if (payload.to !== 'resolved') continue;
    const openWork = OpenWork.safeParse(payload.openWork);
    return openWork.success ? { openWork: openWork.data, entry } : null;
  }
  return null;
}

import { shortHash } from '../evidence/evidence-item.js';
import type { Fmt } from '../fmt.js';
import type { TimelineCheckpoint } from './timeline-checkpoint.js';

/**
 * One neutral line naming a checkpoint by its short head (12 hex characters), for the war-room header and the close
 * message: whoever reads the channel holds a copy outside the database, so a timeline cut back later no longer matches.
 */
export function describeCheckpoint(
  checkpoint: Pick<TimelineCheckpoint, 'number' | 'seq' | 'headHash'>,
  fmt: Fmt,
): string {
  return `Timeline checkpoint ${checkpoint.number}: ${checkpoint.seq} entries, head ${fmt.code(shortHash(checkpoint.headHash))} (signed)`;
}

import type { KnownBlock } from '@slack/types';
import type { StormSummaryView } from '../../../core/storm/describe-storm-summary.js';
import { STORM_SPLIT_LABEL, stormSplitActionId, stormSplitValue } from '../../storm-action-ids.js';

/** The storm's rolled-up message: one section per urgent service with its Declare separately button, then the rest. */
export function stormBlocks(view: StormSummaryView): { text: string; blocks: KnownBlock[] } {
  const blocks: KnownBlock[] = [
    { type: 'section', text: { type: 'mrkdwn', text: view.heading } },
    { type: 'context', elements: [{ type: 'mrkdwn', text: view.note }] },
  ];
  view.rows.forEach((row, i) => {
    blocks.push({
      type: 'section',
      block_id: `storm_row_${i}`,
      text: { type: 'mrkdwn', text: row.text },
      accessory: {
        type: 'button',
        action_id: stormSplitActionId(i),
        text: { type: 'plain_text', text: STORM_SPLIT_LABEL },
        value: stormSplitValue(view.incidentId, row.split),
      },
    });
  });
  for (const text of view.rest) blocks.push({ type: 'section', text: { type: 'mrkdwn', text } });
  if (view.splitOut) blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: view.splitOut }] });
  return { text: view.heading, blocks };
}

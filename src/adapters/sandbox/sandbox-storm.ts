import type { StormSummaryView } from '../../core/storm/describe-storm-summary.js';
import { STORM_SPLIT_LABEL, stormSplitActionId, stormSplitValue } from '../storm-action-ids.js';
import type { SandboxBlock } from './sandbox-blocks.js';

/** A storm's rolled-up message in the sandbox: the same view and button ids as Slack's, drawn with sandbox blocks. */
export function sandboxStorm(view: StormSummaryView): { text: string; blocks: SandboxBlock[] } {
  const blocks: SandboxBlock[] = [
    { type: 'text', text: view.heading },
    { type: 'context', text: view.note },
  ];
  view.rows.forEach((row, i) => {
    blocks.push({ type: 'text', text: row.text });
    blocks.push({
      type: 'actions',
      buttons: [
        {
          actionId: stormSplitActionId(i),
          label: STORM_SPLIT_LABEL,
          value: stormSplitValue(view.incidentId, row.split),
        },
      ],
    });
  });
  for (const text of view.rest) blocks.push({ type: 'text', text });
  if (view.splitOut) blocks.push({ type: 'context', text: view.splitOut });
  return { text: view.heading, blocks };
}

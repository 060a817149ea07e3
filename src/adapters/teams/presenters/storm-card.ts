import type { StormSummaryView } from '../../../core/storm/describe-storm-summary.js';
import { STORM_SPLIT_LABEL, stormSplitValue } from '../../storm-action-ids.js';
import { VERB } from '../ids.js';
import type { CardActivity, CardElement, TextBlock } from './adaptive-card.js';
import type { CardContext, CardDraft } from './build-card-activity.js';
import { actionSet, container, execute, textBlock } from './card-elements.js';
import { fitCard } from './fit-card.js';
import { trimNote } from './trim-note.js';

/** The storm's rolled-up message: one row per urgent service with its Declare separately button, then the rest. */
export function stormCard(view: StormSummaryView, ctx: CardContext): CardActivity {
  const note = trimNote(ctx.fmt);
  const trimmable: CardDraft['trimmable'] = [];
  const trim = (block: TextBlock) => {
    trimmable.push({ block, note });
    return block;
  };
  const body: CardElement[] = [
    textBlock(view.heading, { weight: 'Bolder', size: 'Medium' }),
    textBlock(view.note, { isSubtle: true, size: 'Small' }),
  ];
  for (const row of view.rows) {
    // The shared encoding (storm-action-ids.ts), as an object: Teams sends data back as JSON.
    const data = JSON.parse(stormSplitValue(view.incidentId, row.split)) as Record<string, unknown>;
    body.push(
      container([trim(textBlock(row.text)), actionSet([execute(VERB.stormSplit, STORM_SPLIT_LABEL, data)])], {
        separator: true,
      }),
    );
  }
  for (const text of view.rest) body.push(trim(textBlock(text)));
  if (view.splitOut) body.push(trim(textBlock(view.splitOut, { isSubtle: true })));
  const { activity } = fitCard(
    { body, summary: view.heading, refresh: { card: 'storm', incidentId: view.incidentId }, trimmable },
    ctx,
  );
  return activity;
}

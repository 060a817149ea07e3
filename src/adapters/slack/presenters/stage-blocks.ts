import type { KnownBlock } from '@slack/types';
import type { StageView } from '../../../core/playbook/describe-stage.js';
import { stepActionId, type StepButtonValue } from '../../step-action-ids.js';

const clip = (text: string, max: number) => (text.length <= max ? text : `${text.slice(0, max - 1)}…`);

/** A stage checklist: header, progress, then per step its line (with instructions) and its buttons. ≤ 2 + 2×20 blocks. */
export function stageBlocks(view: StageView): { text: string; blocks: KnownBlock[] } {
  const blocks: KnownBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: clip(view.heading, 150) } },
    { type: 'context', elements: [{ type: 'mrkdwn', text: view.progress }] },
  ];
  for (const step of view.steps) {
    blocks.push({
      type: 'section',
      text: { type: 'mrkdwn', text: clip(step.instructions ? `${step.line}\n${step.instructions}` : step.line, 3000) },
    });
    if (step.buttons.length > 0) {
      blocks.push({
        type: 'actions',
        block_id: `step_${step.stepId}`,
        elements: step.buttons.map((b, i) => {
          const value: StepButtonValue = {
            r: view.runId,
            s: step.stepId,
            ...(b.kind === 'answer' ? { a: b.answer } : {}),
          };
          return {
            type: 'button' as const,
            action_id: stepActionId(b, step.stepId, i),
            text: { type: 'plain_text' as const, text: clip(b.label, 75) },
            value: JSON.stringify(value),
            ...(b.kind === 'done' || b.kind === 'request' ? { style: 'primary' as const } : {}),
          };
        }),
      });
    }
  }
  return { text: `${view.heading} — ${view.progress}`, blocks };
}

import type { Ctx } from '../context.js';
import type { StageMessages } from './playbook-run.js';
import type { StageId } from './playbook-schema.js';

/** Remembers a stage's checklist message so every later change edits it in place instead of posting anew. */
export function rememberStageMessage({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: { runId: number; stageId: StageId; messageId: string };
}): void {
  ctx.store.transaction((store) => {
    const run = store.playbooks.run(input.runId);
    if (!run) return;
    const messages = JSON.parse(run.stageMessages) as StageMessages;
    store.playbooks.updateRun(run.id, {
      stageMessages: JSON.stringify({ ...messages, [input.stageId]: input.messageId }),
    });
  });
}

import { z } from 'zod';
import type { Ctx } from '../context.js';
import { NotFoundError } from '../errors.js';

export const QueueDrillInput = z.object({
  playbookId: z.string().min(1),
  /** Webhooks to replay, as a vendor would post them; validated by the same processor as real ones. */
  webhooks: z
    .array(z.object({ source: z.string().min(1), body: z.string().min(2) }))
    .min(1)
    .max(1_000),
});

/**
 * Starts a drill: the recorded webhooks go into the alert inbox tagged as a drill, so they travel the real
 * ingestion path (normalize, enrich, route, playbook router) into a [DRILL] war room. Nobody is paged or announced.
 */
export function queueDrill({ ctx, input }: { ctx: Ctx; input: z.input<typeof QueueDrillInput> }): {
  tag: string;
  queued: number;
} {
  const { playbookId, webhooks } = QueueDrillInput.parse(input);
  if (!ctx.settings.playbooks.some((p) => p.id === playbookId)) {
    throw new NotFoundError(
      `No playbook "${playbookId}". Playbooks: ${ctx.settings.playbooks.map((p) => p.id).join(', ') || 'none'}.`,
    );
  }
  const now = ctx.now();
  const tag = `${playbookId}-${now
    .toISOString()
    .replace(/[-:.TZ]/g, '')
    .slice(0, 14)}-${Math.random().toString(36).slice(2, 6)}`;
  ctx.store.transaction((store) => {
    for (const w of webhooks)
      store.inbox.insert({ source: w.source, receivedAt: now.toISOString(), body: w.body, drillTag: tag });
  });
  return { tag, queued: webhooks.length };
}

import { z } from 'zod';
import { STAGE_IDS } from '../playbook/playbook-schema.js';

/**
 * What an incident's attached playbooks still had to do when it was resolved: steps of started stages that nobody
 * settled (done, skipped, not applicable), and stages that never started. Kept on the resolve's timeline entry, so
 * the postmortem and the stats can say the incident was closed out with containment still open.
 */
export const OpenWork = z.object({
  steps: z.array(z.object({ playbookId: z.string(), stage: z.enum(STAGE_IDS), stepId: z.string(), title: z.string() })),
  stages: z.array(
    z.object({ playbookId: z.string(), stage: z.enum(STAGE_IDS), title: z.string(), steps: z.number().int() }),
  ),
});
export type OpenWork = z.infer<typeof OpenWork>;

export const hasOpenWork = (work: OpenWork): boolean => work.steps.length > 0 || work.stages.length > 0;

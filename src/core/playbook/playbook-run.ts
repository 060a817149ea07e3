import type { StageId } from './playbook-schema.js';

export interface PlaybookRun {
  id: number;
  incidentId: number;
  playbookId: string;
  version: number;
  /** JSON of the Playbook as attached. */
  definition: string;
  status: 'active' | 'detached';
  attachedAt: string;
  attachedBy: string;
  reason: string;
  detachedAt: string | null;
  stageStarts: string;
  stageMessages: string;
}

export type StepStatus = 'open' | 'done' | 'skipped' | 'na';

export interface StepState {
  runId: number;
  stepId: string;
  status: StepStatus;
  claimedBy: string | null;
  doneBy: string | null;
  doneAt: string | null;
  reason: string | null;
  answer: string | null;
  updatedAt: string;
}

export type StageStarts = Partial<Record<StageId, string>>;
export type StageMessages = Partial<Record<StageId, string>>;

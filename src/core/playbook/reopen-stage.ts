import { z } from 'zod';
import type { Ctx } from '../context.js';
import { NotFoundError, ValidationError } from '../errors.js';
import type { Fmt } from '../fmt.js';
import { loadIncident } from '../incident/load-incident.js';
import { recordIncidentChange } from '../incident/record-incident-change.js';
import { requireOpen } from '../incident/require-open.js';
import { requirePerson } from '../incident/require-person.js';
import type { StageStarts } from './playbook-run.js';
import { STAGE_IDS, type Playbook } from './playbook-schema.js';
import { advanceStages } from './advance-stages.js';
import { branchGates } from './step-availability.js';

export const ReopenStageInput = z.object({
  incidentId: z.number().int(),
  stageId: z.string().pipe(z.enum(STAGE_IDS, { error: `Stage must be one of: ${STAGE_IDS.join(', ')}.` })),
  reason: z.string().trim().min(3).max(500),
  via: z.enum(['command', 'button']).default('command'),
});

/**
 * Goes back to an earlier stage (multi-stage attacks need iterative analysis): its steps, and the steps its
 * decisions had ruled out, are open again; the timeline keeps what was done before and why we went back.
 */
export function reopenStage({ ctx, input }: { ctx: Ctx; input: z.input<typeof ReopenStageInput> }): number {
  const parsed = ReopenStageInput.safeParse(input);
  if (!parsed.success) {
    const issues = parsed.error.issues;
    // A missing reason gets an example to copy, written the way this surface types commands.
    const say = (fmt: Fmt, i: (typeof issues)[number]) =>
      i.path[0] === 'reason' && i.code === 'too_small'
        ? `Say why you go back (it goes into the timeline): ${fmt.command('playbook reopen triage new host found')}.`
        : i.message;
    throw new ValidationError((fmt) => issues.map((i) => say(fmt, i)).join(' '));
  }
  const { incidentId, stageId, reason, via } = parsed.data;
  requirePerson(ctx.actor);
  return ctx.store.transaction((store) => {
    const incident = loadIncident(store, incidentId);
    requireOpen(incident);
    const runs = store.playbooks
      .runsFor(incident.id)
      .filter(
        (r) => r.status === 'active' && (JSON.parse(r.definition) as Playbook).stages.some((s) => s.id === stageId),
      );
    if (runs.length === 0)
      throw new NotFoundError(
        (fmt) =>
          `No attached playbook of ${incident.ref} has a ${stageId} stage. ${fmt.command('playbook list')} shows the stages.`,
      );
    const now = ctx.now().toISOString();
    let reopened = 0;
    for (const run of runs) {
      const playbook = JSON.parse(run.definition) as Playbook;
      const stage = playbook.stages.find((s) => s.id === stageId);
      if (!stage) continue;
      const own = new Set(stage.steps.map((s) => s.id));
      const decisions = new Set(stage.steps.filter((s) => s.type === 'decision').map((s) => s.id));
      // Steps elsewhere that these decisions had settled (ruled out) open again with them.
      for (const [stepId, gates] of branchGates(playbook))
        if (gates.some((g) => decisions.has(g.decision))) own.add(stepId);
      const touched = store.playbooks.steps(run.id).filter((s) => own.has(s.stepId) && s.status !== 'open');
      for (const s of touched) {
        store.playbooks.upsertStep({
          ...s,
          status: 'open',
          claimedBy: null,
          doneBy: null,
          doneAt: null,
          reason: null,
          answer: null,
          updatedAt: now,
        });
      }
      // The reopened stage's SLAs count from now; stages already under way keep their checklists.
      const starts = JSON.parse(run.stageStarts) as StageStarts;
      const updatedRun = store.playbooks.updateRun(run.id, {
        stageStarts: JSON.stringify({ ...starts, [stageId]: now }),
      });
      const entry = recordIncidentChange(
        store,
        ctx,
        incident,
        {
          kind: 'stage.reopened',
          payload: { runId: run.id, stageId, reopenedSteps: touched.map((s) => s.stepId), reason, via },
        },
        { header: false, post: true },
      );
      advanceStages(store, ctx, updatedRun, `inc${incident.id}.t${entry.seq}`);
      reopened += touched.length;
    }
    return reopened;
  });
}

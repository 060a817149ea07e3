import { z } from 'zod';
import type { NormalizedAlert } from '../alert/normalized-alert.js';
import type { Ctx } from '../context.js';
import { ConflictError, NotFoundError } from '../errors.js';
import type { Incident } from '../incident/incident.js';
import { loadIncident } from '../incident/load-incident.js';
import { recordIncidentChange } from '../incident/record-incident-change.js';
import { requireOpen } from '../incident/require-open.js';
import type { Store } from '../store-port.js';
import { advanceStages } from './advance-stages.js';
import { moveClocks } from '../schedule/incident-clocks.js';
import { matchPlaybooks } from './match-playbook-triggers.js';
import type { PlaybookRun } from './playbook-run.js';
import type { Playbook } from './playbook-schema.js';

/** Attaches inside the caller's transaction: snapshot, first stage started, timeline entry, checklist queued. */
export function attachInTransaction(
  store: Store,
  ctx: Ctx,
  incident: Incident,
  playbook: Playbook,
  reason: string,
  by: string,
): PlaybookRun {
  const now = ctx.now().toISOString();
  const first = playbook.stages[0]?.id;
  const run = store.playbooks.insertRun({
    incidentId: incident.id,
    playbookId: playbook.id,
    version: playbook.version,
    definition: JSON.stringify(playbook),
    status: 'active',
    attachedAt: now,
    attachedBy: by,
    reason,
    detachedAt: null,
    stageStarts: JSON.stringify(first ? { [first]: now } : {}),
    stageMessages: '{}',
  });
  const entry = recordIncidentChange(
    store,
    ctx,
    incident,
    {
      kind: 'playbook.attached',
      payload: { runId: run.id, playbookId: playbook.id, version: playbook.version, title: playbook.title, reason },
    },
    { header: false, post: true },
  );
  advanceStages(store, ctx, run, `inc${incident.id}.t${entry.seq}`);
  moveClocks(store, ctx, run, { attached: true });
  return run;
}

/**
 * The router: attaches every playbook whose triggers match the incident and its alerts, once each.
 * Called inside the transaction that opens the incident (or adds its first alert).
 */
export function attachMatchingPlaybooks(store: Store, ctx: Ctx, incident: Incident): PlaybookRun[] {
  const records = store.alerts.forIncident(incident.id);
  const alerts = records.map((r) => JSON.parse(r.normalized) as NormalizedAlert);
  const attached = new Set(
    store.playbooks
      .runsFor(incident.id)
      .filter((r) => r.status === 'active')
      .map((r) => r.playbookId),
  );
  return matchPlaybooks(ctx.settings.playbooks, { incident, alerts, records }, ctx.settings.attack)
    .filter((m) => !attached.has(m.playbook.id))
    .map((m) => attachInTransaction(store, ctx, incident, m.playbook, m.reason, 'router'));
}

export const AttachPlaybookInput = z.object({ incidentId: z.number().int(), playbookId: z.string().min(1) });

/** `/incident playbook attach <id>`: by hand, recorded with who did it. */
export function attachPlaybook({ ctx, input }: { ctx: Ctx; input: z.input<typeof AttachPlaybookInput> }): PlaybookRun {
  const { incidentId, playbookId } = AttachPlaybookInput.parse(input);
  const playbook = ctx.settings.playbooks.find((p) => p.id === playbookId);
  if (!playbook) {
    throw new NotFoundError(
      (fmt) =>
        `No playbook "${playbookId}". Available: ${ctx.settings.playbooks.map((p) => p.id).join(', ') || 'none'} (${fmt.command('playbook list')}).`,
    );
  }
  const by = ctx.actor.type === 'system' || ctx.actor.type === 'alert' ? 'router' : ctx.actor.userId;
  return ctx.store.transaction((store) => {
    const incident = loadIncident(store, incidentId);
    requireOpen(incident);
    if (store.playbooks.runsFor(incident.id).some((r) => r.playbookId === playbookId && r.status === 'active')) {
      throw new ConflictError(`Playbook ${playbookId} is already attached to ${incident.ref}.`);
    }
    return attachInTransaction(store, ctx, incident, playbook, 'attached by hand', by);
  });
}

export const DetachPlaybookInput = z.object({
  incidentId: z.number().int(),
  playbookId: z.string().min(1),
  reason: z.string().trim().max(300).default('detached by hand'),
});

/** `/incident playbook detach <id>`: the run and its history stay; its checklists stop being offered. */
export function detachPlaybook({ ctx, input }: { ctx: Ctx; input: z.input<typeof DetachPlaybookInput> }): PlaybookRun {
  const { incidentId, playbookId, reason } = DetachPlaybookInput.parse(input);
  return ctx.store.transaction((store) => {
    const incident = loadIncident(store, incidentId);
    const run = store.playbooks.runsFor(incident.id).find((r) => r.playbookId === playbookId && r.status === 'active');
    if (!run)
      throw new NotFoundError(
        (fmt) =>
          `Playbook ${playbookId} is not attached to ${incident.ref}. ${fmt.command('playbook list')} shows what is.`,
      );
    const updated = store.playbooks.updateRun(run.id, { status: 'detached', detachedAt: ctx.now().toISOString() });
    const entry = recordIncidentChange(
      store,
      ctx,
      incident,
      { kind: 'playbook.detached', payload: { runId: run.id, playbookId, reason } },
      { header: false, post: true },
    );
    advanceStages(store, ctx, updated, `inc${incident.id}.t${entry.seq}`);
    return updated;
  });
}

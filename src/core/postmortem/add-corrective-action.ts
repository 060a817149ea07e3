import { z } from 'zod';
import type { Ctx } from '../context.js';
import { ValidationError } from '../errors.js';
import type { Fmt } from '../fmt.js';
import { loadIncident } from '../incident/load-incident.js';
import { recordIncidentChange } from '../incident/record-incident-change.js';
import { requirePerson } from '../incident/require-person.js';
import { loadPostmortem } from './load-postmortem.js';
import { ACTION_KINDS, ACTION_LINK_KINDS, type CorrectiveAction } from './postmortem.js';
import { zonedParts } from './zoned-time.js';

const DueDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .refine((d) => {
    const parsed = new Date(`${d}T00:00:00Z`);
    return !Number.isNaN(parsed.getTime()) && parsed.toISOString().startsWith(d);
  });

export const AddCorrectiveActionInput = z.object({
  incidentId: z.number().int(),
  title: z.string().trim().min(3).max(300),
  ownerId: z.string().min(1),
  dueDate: DueDate,
  kind: z.string().trim().toLowerCase().pipe(z.enum(ACTION_KINDS)),
  verification: z.string().trim().min(5).max(500),
  links: z
    .array(z.object({ kind: z.enum(ACTION_LINK_KINDS), ref: z.string().regex(/^[\w.:/@#-]{1,100}$/) }))
    .max(10)
    .default([]),
});
export type AddCorrectiveActionInput = z.input<typeof AddCorrectiveActionInput>;

const usage = (fmt: Fmt) =>
  fmt.command(
    'action add <title> owner:@user due:YYYY-MM-DD kind:prevent|detect|mitigate|process verify:"what proves it done"',
  );

/** Records a corrective action with an owner, a due date and the criterion that proves it done. */
export function addCorrectiveAction({ ctx, input }: { ctx: Ctx; input: AddCorrectiveActionInput }): CorrectiveAction {
  const parsed = AddCorrectiveActionInput.safeParse(input);
  if (!parsed.success) {
    const fields = [...new Set(parsed.error.issues.map((i) => String(i.path[0] ?? 'input')))];
    const names: Record<string, string> = {
      title: 'a title (3–300 characters)',
      ownerId: 'owner:@user',
      dueDate: 'due:YYYY-MM-DD (a real date)',
      kind: 'kind:prevent|detect|mitigate|process',
      verification: 'verify:"…" (what infrastructure or detection change proves it done, 5–500 characters)',
      links: 'rule:/playbook:/service: references (letters, digits, . : / @ # - _)',
    };
    throw new ValidationError(
      (fmt) => `Missing or invalid: ${fields.map((f) => names[f] ?? f).join(', ')}. Usage: ${usage(fmt)}`,
    );
  }
  const { incidentId, title, ownerId, dueDate, kind, verification, links } = parsed.data;
  const createdBy = requirePerson(ctx.actor);
  const now = ctx.now();
  const today = zonedParts(now.toISOString(), ctx.settings.timeZone).date;
  if (dueDate < today)
    throw new ValidationError(
      `The due date ${dueDate} is in the past (today is ${today} in ${ctx.settings.timeZone}). Pick a date from today on.`,
    );
  return ctx.store.transaction((store) => {
    const incident = loadIncident(store, incidentId);
    const postmortem = loadPostmortem(store, incident);
    const number = (store.postmortems.actions(postmortem.id).at(-1)?.number ?? 0) + 1;
    const action = store.postmortems.insertAction({
      postmortemId: postmortem.id,
      incidentId: incident.id,
      number,
      title,
      ownerId,
      dueDate,
      kind,
      verification,
      links: JSON.stringify(links),
      status: 'open',
      evidence: null,
      createdBy,
      createdAt: now.toISOString(),
      doneBy: null,
      doneAt: null,
      verifiedBy: null,
      verifiedAt: null,
    });
    recordIncidentChange(
      store,
      ctx,
      incident,
      {
        kind: 'corrective_action.added',
        payload: { number, title, owner: ownerId, due: dueDate, kind, verification, links },
      },
      { header: false, post: true },
    );
    return action;
  });
}

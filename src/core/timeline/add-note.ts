import { z } from 'zod';
import type { Ctx } from '../context.js';
import { ValidationError } from '../errors.js';
import { loadIncident } from '../incident/load-incident.js';
import { recordIncidentChange } from '../incident/record-incident-change.js';
import { requireOpen } from '../incident/require-open.js';
import { requirePerson } from '../incident/require-person.js';
import type { TimelineEntry } from './timeline-event.js';

const MAX_NOTE = 3000;
export const AddNoteInput = z.object({ incidentId: z.number().int(), text: z.string().trim().min(1).max(MAX_NOTE) });
export type AddNoteInput = z.input<typeof AddNoteInput>;

export function addNote({ ctx, input }: { ctx: Ctx; input: AddNoteInput }): TimelineEntry {
  const parsed = AddNoteInput.safeParse(input);
  if (!parsed.success) {
    const length = input.text.trim().length;
    throw new ValidationError((fmt) =>
      length > MAX_NOTE
        ? `That note is ${length.toLocaleString('en-US')} characters; a note holds up to ${MAX_NOTE.toLocaleString('en-US')}. Split it into shorter notes, or keep the long text as evidence (${fmt.command('evidence add <text>')}).`
        : `Write the note after the command: ${fmt.command('note restarted api-7')}.`,
    );
  }
  const { incidentId, text } = parsed.data;
  requirePerson(ctx.actor);
  return ctx.store.transaction((store) => {
    const incident = loadIncident(store, incidentId);
    requireOpen(incident);
    return recordIncidentChange(
      store,
      ctx,
      incident,
      { kind: 'note.added', payload: { text, via: 'command' } },
      { header: false, post: true },
    );
  });
}

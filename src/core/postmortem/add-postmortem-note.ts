import { z } from 'zod';
import type { Ctx } from '../context.js';
import { ValidationError } from '../errors.js';
import { loadIncident } from '../incident/load-incident.js';
import { recordIncidentChange } from '../incident/record-incident-change.js';
import { requirePerson } from '../incident/require-person.js';
import { loadDraftPostmortem } from './load-postmortem.js';
import { NOTE_KINDS, type PostmortemNote } from './postmortem.js';

export const AddPostmortemNoteInput = z.object({
  incidentId: z.number().int(),
  kind: z.enum(NOTE_KINDS),
  text: z.string().trim().min(2).max(1000),
  via: z.enum(['command', 'form']).default('command'),
});
export type AddPostmortemNoteInput = z.input<typeof AddPostmortemNoteInput>;

const COMMAND: Record<(typeof NOTE_KINDS)[number], string> = {
  factor: 'factor',
  went_well: 'went-well',
  lesson: 'lesson',
};

/**
 * Adds a contributing factor, something that went well, or a lesson. Anyone may add; each is saved at once.
 * Saying the same thing again changes nothing: a form refused for another field is submitted again with this one
 * still filled in, and must not record it twice.
 */
export function addPostmortemNote({ ctx, input }: { ctx: Ctx; input: AddPostmortemNoteInput }): PostmortemNote {
  const parsed = AddPostmortemNoteInput.safeParse(input);
  if (!parsed.success) {
    const kind =
      typeof input.kind === 'string' && input.kind in COMMAND ? COMMAND[input.kind as keyof typeof COMMAND] : 'lesson';
    throw new ValidationError(
      (fmt) => `Write the text after the command (up to 1000 characters): ${fmt.command(`postmortem ${kind} <text>`)}.`,
    );
  }
  const { incidentId, kind, text, via } = parsed.data;
  const author = requirePerson(ctx.actor);
  return ctx.store.transaction((store) => {
    const incident = loadIncident(store, incidentId);
    const postmortem = loadDraftPostmortem(store, incident);
    const same = store.postmortems.notes(postmortem.id).find((n) => n.kind === kind && n.text === text);
    if (same) return same;
    const at = ctx.now().toISOString();
    const note = store.postmortems.insertNote({ postmortemId: postmortem.id, kind, text, author, at });
    store.postmortems.update(postmortem.id, { updatedAt: at });
    recordIncidentChange(
      store,
      ctx,
      incident,
      { kind: 'postmortem.note_added', payload: { kind, text, via } },
      { header: false },
    );
    return note;
  });
}

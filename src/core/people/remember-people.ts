import { z } from 'zod';
import type { Ctx } from '../context.js';

/** A name as a platform shows it; Slack allows 80 characters for names. */
export const PersonName = z.object({
  userId: z.string().trim().min(1).max(64),
  name: z.string().trim().min(1).max(80),
  /** Teams: the bot-scoped `29:…` id beside the Entra object id in userId. */
  platformId: z.string().trim().min(1).max(200).optional(),
});
export type PersonName = z.infer<typeof PersonName>;

export const RememberPeopleInput = z.object({ people: z.array(z.unknown()) });
export type RememberPeopleInput = z.input<typeof RememberPeopleInput>;

/**
 * Records the names a chat platform showed for people, so the postmortem can name them. Names come from the
 * platform's own payloads, so one that does not parse is skipped rather than failing the request that carried it.
 * Returns how many names were new or changed. Not an incident change: nothing goes on a timeline.
 */
export function rememberPeople({ ctx, input }: { ctx: Ctx; input: RememberPeopleInput }): number {
  const valid = RememberPeopleInput.parse(input).people.flatMap((p) => {
    const parsed = PersonName.safeParse(p);
    return parsed.success ? [parsed.data] : [];
  });
  if (valid.length === 0) return 0;
  const at = ctx.now().toISOString();
  return ctx.store.transaction((store) => {
    let changed = 0;
    for (const person of valid)
      if (store.people.remember(person.userId, person.name, at, person.platformId)) changed += 1;
    return changed;
  });
}

import type { AnyMiddlewareArgs, Middleware } from '@slack/bolt';
import { z } from 'zod';
import { rememberPeople, type PersonName } from '../../core/people/remember-people.js';
import { coreCtx, type AdapterDeps } from '../adapter-deps.js';

const SlashCommandPeople = z.object({
  command: z.string(),
  user_id: z.string(),
  user_name: z.string().optional(),
  text: z.string().optional(),
});
const InteractionPeople = z.object({
  type: z.string(),
  user: z.object({ id: z.string(), username: z.string().optional(), name: z.string().optional() }),
});

/** `<@U123|ann>`: how Slack writes a mention in slash-command text (should_escape), with the person's handle. */
const MENTION = /<@([UW][A-Z0-9]+)\|([^>]+)>/g;

/**
 * The names a Slack request itself carries: the slash command's `user_name`, an interaction's `user.username`,
 * and the handle in each mention (so an action owner who never used warroom is named too).
 *
 * Why not users.info: these handles come with requests we receive anyway, and need neither the users:read scope
 * nor a Web API call per new person. They are handles (`carol.medina`), not display names; an id we never saw
 * (someone paged from the catalog who never typed anything) stays an id in the postmortem.
 */
export function slackPeopleIn(body: unknown): PersonName[] {
  const command = SlashCommandPeople.safeParse(body);
  if (command.success) {
    const { user_id, user_name, text } = command.data;
    const mentioned = [...(text ?? '').matchAll(MENTION)].map((m) => ({ userId: m[1] ?? '', name: m[2] ?? '' }));
    return [...(user_name ? [{ userId: user_id, name: user_name }] : []), ...mentioned];
  }
  const interaction = InteractionPeople.safeParse(body);
  if (interaction.success) {
    const { id, username, name } = interaction.data.user;
    const handle = username ?? name;
    return handle ? [{ userId: id, name: handle }] : [];
  }
  return [];
}

/**
 * Keeps the people directory current from every command and interaction, before the listener runs, so the
 * postmortem a lead finalizes in their very first request already has their name. It never stops a request.
 */
export function rememberSlackPeople(deps: AdapterDeps): Middleware<AnyMiddlewareArgs> {
  return async ({ body, next }) => {
    const people = slackPeopleIn(body);
    if (people.length > 0) {
      try {
        rememberPeople({
          ctx: coreCtx(deps, { type: 'system', reason: 'people directory' }, 'people'),
          input: { people },
        });
      } catch (error) {
        deps.logger.warn({ err: error }, "could not record people's names; the postmortem will show their ids");
      }
    }
    await next();
  };
}

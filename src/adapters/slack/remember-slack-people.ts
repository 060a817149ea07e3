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

/** How many names the directory remembers having written; past that it starts over (it only saves writes). */
const KNOWN_MAX = 10_000;

/**
 * Keeps the people directory current from every command and interaction. It runs after Slack's ack (see
 * ack-first.ts) but before the listener, so the postmortem a lead finalizes in their very first request already has
 * their name. A name written before is not written again: most requests come from people already known, and their
 * requests touch no disk for it.
 */
export function rememberSlackPeople(deps: AdapterDeps): (body: unknown) => void {
  // What this process wrote. Per process: should a person's handle change and change back while only another
  // replica saw the interim one, this one would not write the old handle again until it restarts. Rare and harmless.
  const known = new Map<string, string>();
  // Never throws: a name not recorded must not stop the request that carried it.
  return (body) => {
    const news = slackPeopleIn(body).filter((p) => known.get(p.userId) !== p.name);
    if (news.length === 0) return;
    try {
      rememberPeople({
        ctx: coreCtx(deps, { type: 'system', reason: 'people directory' }, 'people'),
        input: { people: news },
      });
      if (known.size + news.length > KNOWN_MAX) known.clear();
      for (const p of news) known.set(p.userId, p.name);
    } catch (error) {
      deps.logger.warn({ err: error }, "could not record people's names; the postmortem will show their ids");
    }
  };
}

import { TASK_VERB, VERBS } from '../../src/adapters/teams/ids.js';
import { CardTarget } from '../../src/interactions/index.js';
import { CARD_BUDGET_BYTES, activityBytes } from '../../src/adapters/teams/presenters/fit-card.js';
import type { CardActivity } from '../../src/adapters/teams/presenters/adaptive-card.js';

/** The element and action types warroom's cards may use (Adaptive Cards 1.5, as Teams draws them). */
const ELEMENTS = new Set(['TextBlock', 'Input.Text', 'ActionSet', 'Container']);
const ACTIONS = new Set(['Action.Execute', 'Action.Submit']);
const AT = /<at>(.*?)<\/at>/g;

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Every object in the tree, depth first. */
function* objects(node: unknown): Generator<Json> {
  if (Array.isArray(node)) for (const n of node) yield* objects(n);
  else if (isObject(node)) {
    yield node;
    for (const v of Object.values(node)) yield* objects(v);
  }
}

/**
 * Structural problems of a card activity, [] when none: what an official 1.5 schema would check for the subset we
 * emit, plus Teams' own rules (a verb we listen for and an Action.Submit fallback on each button, refresh ≤ 60 users,
 * one entity per `<at>` text and no entity without its text, 28 KB) and the escaping promise (no stray markup).
 */
export function cardProblems(activity: CardActivity): string[] {
  const problems: string[] = [];
  if (activity.type !== 'message') problems.push('activity type is not message');
  if (activity.attachments.length !== 1) problems.push('not exactly one attachment');
  const attachment = activity.attachments[0];
  if (attachment.contentType !== 'application/vnd.microsoft.card.adaptive')
    problems.push(`content type ${attachment.contentType}`);
  const card = attachment.content as unknown as Json;
  if (card.type !== 'AdaptiveCard' || card.version !== '1.5')
    problems.push(`card ${String(card.type)} version ${String(card.version)}`);
  if (typeof card.fallbackText !== 'string' || card.fallbackText === '') problems.push('no fallbackText');
  if (activityBytes(activity) > CARD_BUDGET_BYTES)
    problems.push(`${activityBytes(activity)} bytes > ${CARD_BUDGET_BYTES}`);
  const texts: string[] = [];
  const inputIds = new Set<string>();
  const walk = (elements: unknown, where: string) => {
    if (!Array.isArray(elements)) return problems.push(`${where}: body is not an array`);
    for (const el of elements as Json[]) {
      if (!ELEMENTS.has(String(el.type))) problems.push(`${where}: element ${String(el.type)}`);
      if (el.type === 'TextBlock') {
        if (typeof el.text !== 'string' || el.text === '') problems.push(`${where}: empty TextBlock`);
        if (el.wrap !== true) problems.push(`${where}: TextBlock without wrap`);
        texts.push(String(el.text));
      }
      if (String(el.type).startsWith('Input.')) {
        const id = String(el.id);
        if (!id || inputIds.has(id)) problems.push(`${where}: input id ${id} missing or repeated`);
        inputIds.add(id);
        if (typeof el.label !== 'string' || el.label === '') problems.push(`${where}: input ${id} without label`);
      }
      if (el.type === 'Container') walk(el.items, `${where}/container`);
      if (el.type === 'ActionSet') actions(el.actions, `${where}/actionset`);
    }
  };
  const actions = (list: unknown, where: string) => {
    if (!Array.isArray(list)) return problems.push(`${where}: actions is not an array`);
    for (const a of list as Json[]) {
      if (!ACTIONS.has(String(a.type))) problems.push(`${where}: action ${String(a.type)}`);
      if (typeof a.title !== 'string' || a.title === '' || a.title.length > 75)
        problems.push(`${where}: action title ${String(a.title)}`);
      // In a conversation, Action.Submit only opens a dialog: task/fetch, routed by a verb we listen for.
      if (a.type === 'Action.Submit') {
        const data = a.data as Json | undefined;
        const verb = String(data?.verb);
        if ((data?.msteams as Json | undefined)?.type !== 'task/fetch')
          problems.push(`${where}: Action.Submit ${verb} does not open a dialog (msteams.type task/fetch)`);
        if (!(VERBS.has(verb) && verb !== 'refresh') && verb !== TASK_VERB.declare)
          problems.push(`${where}: dialog verb ${verb} is not one we fetch`);
      }
      if (a.type === 'Action.Execute') {
        const fallback = a.fallback as Json | undefined;
        if (!VERBS.has(String(a.verb)))
          problems.push(`${where}: verb ${String(a.verb)} is not a button verb in ids.ts`);
        // A refresh button ("Keep it open") draws a card again: its data must name one.
        if (a.verb === 'refresh' && !CardTarget.safeParse(a.data).success)
          problems.push(`${where}: refresh button without a card to draw`);
        if (!isObject(a.data)) problems.push(`${where}: ${String(a.verb)} without data`);
        if (
          !fallback ||
          fallback.type !== 'Action.Submit' ||
          fallback.title !== a.title ||
          (fallback.data as Json | undefined)?.verb !== a.verb
        ) {
          problems.push(`${where}: ${String(a.verb)} has no matching Action.Submit fallback`);
        } else if (JSON.stringify({ verb: a.verb, ...(a.data as Json) }) !== JSON.stringify(fallback.data))
          problems.push(`${where}: fallback data differs`);
      }
    }
  };
  walk(card.body, 'body');
  if (card.actions !== undefined) actions(card.actions, 'actions');
  if (card.refresh !== undefined) {
    const refresh = card.refresh as { action?: Json; userIds?: unknown };
    if (
      refresh.action?.type !== 'Action.Execute' ||
      refresh.action.verb !== 'refresh' ||
      !isObject(refresh.action.data)
    )
      problems.push('refresh action is not Action.Execute refresh with data');
    if (!Array.isArray(refresh.userIds) || refresh.userIds.length === 0 || refresh.userIds.length > 60)
      problems.push('refresh.userIds not 1–60 ids');
  }
  // Mentions: each <at> text has exactly one entity, each entity's text is shown.
  const entities = ((card.msteams as Json | undefined)?.entities ?? []) as Array<{
    type: string;
    text: string;
    mentioned: { id: string; name: string };
  }>;
  const shown = texts.join('\n');
  for (const match of shown.matchAll(AT)) {
    const hits = entities.filter((e) => e.text === match[0]);
    if (hits.length !== 1) problems.push(`mention ${match[0]} has ${hits.length} entities`);
  }
  for (const e of entities) {
    if (e.type !== 'mention' || !e.mentioned.id || !e.mentioned.name)
      problems.push(`entity ${JSON.stringify(e)} malformed`);
    if (!shown.includes(e.text)) problems.push(`entity ${e.text} not in any TextBlock`);
  }
  // Nothing outside TextBlocks may carry a mention; no token delimiters may survive anywhere.
  for (const o of objects(card)) {
    for (const [key, value] of Object.entries(o)) {
      if (typeof value !== 'string') continue;
      if (/[\uE000\uE001]/.test(value)) problems.push(`unresolved token in ${key}`);
      if (o.type !== 'TextBlock' && key !== 'text' && /<at>/.test(value))
        problems.push(`mention outside a TextBlock in ${key}`);
    }
  }
  return problems;
}

/**
 * The markup an attacker's text would need in a card: a mention, a link, emphasis, a date function, a tag, and a forged
 * warroom mention token for user VICTIM (people lookups in the tests name them "Victim Person").
 */
export const HOSTILE =
  '<at>Mallory</at> [click](https://evil.example/x) **urgent** _hi_ {{DATE(2030-01-01T00:00:00Z, SHORT)}} <b>x</b> &lt;at&gt; \uE000uVICTIM\uE001';

/** Leaks of HOSTILE in resolved card text: each is markup that would render. */
export function hostileLeaks(activity: CardActivity): string[] {
  const json =
    JSON.stringify(activity.attachments[0].content.body) +
    JSON.stringify(activity.attachments[0].content.actions ?? []);
  return [
    '<at>Mallory',
    '](https://evil',
    '**urgent**',
    '_hi_',
    '{{DATE(2030',
    '<b>',
    '&lt;at&gt;',
    'Victim Person',
  ].filter((needle) => json.includes(needle));
}

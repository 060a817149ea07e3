import type { Fmt } from '../../../core/fmt.js';
import type { CardRef } from '../ids.js';
import { VERB } from '../ids.js';
import { Mentions, resolveTeamsText, type TeamsPeople } from '../resolve-teams-text.js';
import {
  ADAPTIVE_CARD_CONTENT_TYPE,
  type AdaptiveCard,
  type CardAction,
  type CardActivity,
  type CardElement,
  type TextBlock,
} from './adaptive-card.js';
import { textBlock } from './card-elements.js';

/** What every presenter needs besides its view. */
export interface CardContext {
  /** teamsFmt with the deployment's bot name (createTeamsFmt): used for text the presenter writes itself. */
  fmt: Fmt;
  /** Names and Teams addresses for mentions. */
  people: TeamsPeople;
  /**
   * Cards edited in place (header, stage, approval, triage, storm) refresh automatically for these people: the lead
   * and the role holders, as Teams ids (`29:…`, what `refresh.userIds` takes). Teams honours at most 60.
   */
  refreshUserIds?: readonly string[];
  /**
   * Said to this viewer alone, under the card's text (a card drawn for one person by a refresh: why a button they might
   * expect is missing, or what their press did). teamsFmt text.
   */
  note?: string | null;
}

/** A card before its tokens are resolved. `trimmable` lists the TextBlocks that may be shortened to fit (fit-card.ts). */
export interface CardDraft {
  body: CardElement[];
  actions?: CardAction[];
  /** teamsFmt text for the notification preview and clients that cannot draw cards. */
  summary: string;
  /** Which card a refresh re-renders; null for one-off prompts. */
  refresh: CardRef | null;
  trimmable: Array<{ block: TextBlock; note: string }>;
}

/** Teams' limit for `refresh.userIds` (docs: Universal Actions "user specific views"). */
export const MAX_REFRESH_USERS = 60;

/**
 * TextBlock Markdown needs a blank line for a line break outside lists (docs: cards-format.md "Newlines"). Lines of a
 * list (`- `, `1. `, or the `• ` bullets warroom's views write) stay on single newlines, so the list holds together.
 */
export function teamsLineBreaks(text: string): string {
  const lines = text.split('\n').map((line) => line.replace(/^(\s*)• /, '$1- '));
  const isItem = (line: string) => /^\s*(?:[-+] |\d+\. )/.test(line);
  return lines.reduce(
    (out, line, i) => (i === 0 ? line : `${out}${isItem(line) && isItem(lines[i - 1] ?? '') ? '\n' : '\n\n'}${line}`),
    '',
  );
}

/** Resolved text for places without Markdown (titles, summaries): no marks, links as their label. */
export function plainTeamsText(text: string): string {
  return text.replace(/\*\*/g, '').replace(/\[([^\]]*)]\((https?:[^)]*)\)/g, '$1');
}

const PLAIN_KEYS = new Set(['title', 'label', 'placeholder', 'errorMessage']);

/** A deep copy with every TextBlock's tokens resolved (mentions collected) and every other label made plain. */
function resolveTree<T>(node: T, people: TeamsPeople, mentions: Mentions): T {
  if (Array.isArray(node)) return node.map((n: unknown) => resolveTree(n, people, mentions)) as T;
  if (node === null || typeof node !== 'object') return node;
  const record = node as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(record)) {
    if (key === 'data') out[key] = value;
    else if (key === 'text' && record.type === 'TextBlock' && typeof value === 'string')
      out[key] = teamsLineBreaks(resolveTeamsText(value, 'card', people, mentions));
    else if (PLAIN_KEYS.has(key) && typeof value === 'string')
      out[key] = plainTeamsText(resolveTeamsText(value, 'plain', people, null));
    else out[key] = resolveTree(value, people, mentions);
  }
  return out as T;
}

function refreshUsers(ids: readonly string[] | undefined): string[] {
  return [...new Set(ids ?? [])].filter((id) => id !== '').slice(0, MAX_REFRESH_USERS);
}

/** The activity for a draft: one Adaptive Card 1.5, mention entities for exactly the mentions it shows. */
export function buildCardActivity(draft: CardDraft, ctx: CardContext): CardActivity {
  const mentions = new Mentions();
  const drafted = ctx.note
    ? [...draft.body, textBlock(ctx.note, { separator: true, spacing: 'Medium', isSubtle: true })]
    : draft.body;
  const body = resolveTree(drafted, ctx.people, mentions);
  const actions =
    draft.actions && draft.actions.length > 0 ? resolveTree(draft.actions, ctx.people, mentions) : undefined;
  const summaryText = plainTeamsText(resolveTeamsText(draft.summary, 'plain', ctx.people, null))
    .replace(/\s+/g, ' ')
    .trim();
  // A preview line; whole code points, so an emoji is never cut in half.
  const preview = [...summaryText].slice(0, 300).join('');
  const shown = JSON.stringify(body) + JSON.stringify(actions ?? []);
  const entities = mentions.entitiesIn(shown);
  const userIds = refreshUsers(ctx.refreshUserIds);
  const card: AdaptiveCard = {
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: '1.5',
    body,
    ...(actions ? { actions } : {}),
    // Without anyone to refresh for there is no clause: the outbox edits the card for everyone anyway.
    ...(draft.refresh && userIds.length > 0
      ? {
          refresh: {
            action: { type: 'Action.Execute' as const, verb: VERB.refresh, data: { ...draft.refresh } },
            userIds,
          },
        }
      : {}),
    fallbackText: preview,
    msteams: { width: 'Full', ...(entities.length > 0 ? { entities } : {}) },
  };
  return {
    type: 'message',
    summary: preview,
    attachments: [{ contentType: ADAPTIVE_CARD_CONTENT_TYPE, content: card }],
  };
}

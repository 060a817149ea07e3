import { escapeTeamsText } from './teams-escape.js';
import { replaceTokens } from './teams-tokens.js';

/** What Teams needs to mention someone: the name shown and the id Teams knows them by (`29:…` or Entra object id). */
export interface TeamsPerson {
  name: string;
  /** Null when the directory never saw their Teams address: shown by name, without a notification (ADR 0003 §5). */
  mentionId: string | null;
}

/** The people directory as the presenters see it: warroom's user id (Entra object id) → name and Teams address. */
export type TeamsPeople = (userId: string) => TeamsPerson | undefined;

export interface MentionEntity {
  type: 'mention';
  text: string;
  mentioned: { id: string; name: string };
}

/** Where resolved text lands: a card TextBlock (mentions, date functions) or plain text (titles, summaries). */
export type TextTarget = 'card' | 'plain';

/** The mentions of one card or message: one entity per person, however often they are named. */
export class Mentions {
  private readonly byUser = new Map<string, MentionEntity>();
  private readonly texts = new Set<string>();

  /** The `<at>…</at>` text for this person, adding their entity the first time. */
  mention(userId: string, person: TeamsPerson & { mentionId: string }): string {
    const known = this.byUser.get(userId);
    if (known) return known.text;
    const name = escapeTeamsText(person.name).replace(/\s+/g, ' ').trim() || 'someone';
    // Two people with one display name would share a text and Teams could not tell their entities apart.
    let text = `<at>${name}</at>`;
    for (let n = 2; this.texts.has(text); n += 1) text = `<at>${name} (${n})</at>`;
    this.texts.add(text);
    const entity: MentionEntity = { type: 'mention', text, mentioned: { id: person.mentionId, name } };
    this.byUser.set(userId, entity);
    return text;
  }

  /** Only the entities whose text is in `text`: a mention trimmed away must not leave an orphan entity. */
  entitiesIn(text: string): MentionEntity[] {
    return [...this.byUser.values()].filter((e) => text.includes(e.text));
  }
}

/** `2026-11-25T09:41:03Z`: Adaptive Cards' DATE/TIME functions take RFC 3339 without fractions. */
function rfc3339(iso: string): string | null {
  const at = new Date(iso);
  return Number.isNaN(at.getTime()) ? null : at.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export function teamsTime(iso: string, target: TextTarget): string {
  const at = rfc3339(iso);
  if (!at) return escapeTeamsText(iso);
  // Each reader sees their own zone and format (docs: Adaptive Cards text features, DATE/TIME in TextBlock).
  if (target === 'card') return `{{DATE(${at}, SHORT)}} {{TIME(${at})}}`;
  return `${at.slice(0, 10)} ${at.slice(11, 19)} UTC`;
}

/**
 * Text from teamsFmt with its tokens resolved. Mentions become `<at>` (collected in `mentions`) only in a card or
 * message body that carries entities; elsewhere (`mentions` null) a person is their name.
 */
export function resolveTeamsText(
  text: string,
  target: TextTarget,
  people: TeamsPeople,
  mentions: Mentions | null,
): string {
  return replaceTokens(text, (kind, value) => {
    if (kind === 't') return teamsTime(value, target);
    const person = people(value);
    if (kind === 'u' && person?.mentionId && mentions)
      return mentions.mention(value, { name: person.name, mentionId: person.mentionId });
    const name = person ? escapeTeamsText(person.name) : escapeTeamsText(value);
    return kind === 'u' ? `@${name}` : name;
  });
}

import type { Platform } from '../context.js';

/** A catalog on-call entry or escalation level: whom to page on each platform. */
interface PagedPeople {
  slack_usergroup?: string | undefined;
  slack_users: string[];
  teams_users: string[];
  sandbox_users: string[];
}

/** The people (and, on Slack, the user group) this deployment's chat platform pages for an on-call entry. */
export function whoToPage(
  platform: Platform,
  paged: PagedPeople | undefined,
): { group: string | null; users: string[] } {
  if (!paged) return { group: null, users: [] };
  if (platform === 'slack') return { group: paged.slack_usergroup ?? null, users: paged.slack_users };
  return { group: null, users: platform === 'teams' ? paged.teams_users : paged.sandbox_users };
}

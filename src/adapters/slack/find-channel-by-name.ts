import type { WebClient } from '@slack/web-api';

export interface SlackChannelInfo {
  id: string;
  name: string;
  isArchived: boolean;
  isMember: boolean;
  isPrivate: boolean;
}

/** Slack conversation ids: C… public/private channels, G… older private channels, D… direct messages. */
export const SLACK_CHANNEL_ID = /^[CGD][A-Z0-9]{2,}$/;

type ListedChannel = { id?: string; name?: string; is_archived?: boolean; is_member?: boolean; is_private?: boolean };

export function toChannelInfo(c: ListedChannel): SlackChannelInfo | null {
  if (!c.id) return null;
  return {
    id: c.id,
    name: c.name ?? c.id,
    isArchived: c.is_archived === true,
    isMember: c.is_member === true,
    isPrivate: c.is_private === true,
  };
}

/**
 * The public channel called `name` (without `#`), archived ones included so a caller can say "it is archived"
 * rather than "it does not exist". Pages through conversations.list (Tier 2): call it rarely and cache the answer.
 */
export async function findChannelByName(client: WebClient, name: string): Promise<SlackChannelInfo | null> {
  let cursor: string | undefined;
  do {
    const page = await client.conversations.list({
      types: 'public_channel',
      exclude_archived: false,
      limit: 1000,
      cursor,
    });
    const found = page.channels?.find((c) => c.name === name);
    if (found) return toChannelInfo(found);
    cursor = page.response_metadata?.next_cursor || undefined;
  } while (cursor);
  return null;
}

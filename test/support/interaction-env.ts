import type { CoreSettings } from '../../src/core/context.js';
import { plainFmt, type Fmt } from '../../src/core/fmt.js';
import type { Incident } from '../../src/core/incident/incident.js';
import { recordWarRoomOpened } from '../../src/core/incident/record-war-room-opened.js';
import type { InteractionEnv } from '../../src/interactions/index.js';
import type { TestStore } from './test-store.js';

/**
 * A Fmt whose marks show in plain strings, so a test sees what went through which mark: user text is escaped
 * (`<` → `&lt;`, as Slack's is), bold is `*…*`, a command is `` `/incident …` ``.
 */
export const markedFmt: Fmt = {
  ...plainFmt,
  text: (raw) => raw.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;'),
  bold: (formatted) => `*${formatted}*`,
  em: (formatted) => `_${formatted}_`,
  command: (args) => `\`/incident${args ? ` ${args}` : ''}\``,
};

/** What an adapter hands the interaction layer: `user` acting (a sandbox person) in `channelId`. */
export function interactionEnv(
  t: TestStore,
  user: string,
  channelId: string | null,
  settings: Partial<CoreSettings> = {},
): InteractionEnv {
  return { ctx: t.ctx(user, settings), fmt: markedFmt, channelId };
}

/** Records the incident's war room as opened (channel `C<id>`), as the outbox does once the platform made it. */
export function openWarRoom(t: TestStore, incident: Incident, settings: Partial<CoreSettings> = {}): string {
  const channelId = `C${incident.id}`;
  recordWarRoomOpened({
    ctx: t.ctx({ type: 'system' }, settings),
    input: { incidentId: incident.id, channelId, channelName: incident.plannedChannelName },
  });
  return channelId;
}

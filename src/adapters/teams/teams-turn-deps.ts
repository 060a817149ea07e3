import type { ChatPort } from '../../core/chat-port.js';
import type { Fmt } from '../../core/fmt.js';
import type { AdapterDeps } from '../adapter-deps.js';
import type { CardRef } from './ids.js';
import type { TeamsPeople } from './resolve-teams-text.js';
import type { TeamsPortMemory } from './teams-chat-port.js';

/** What the Teams turn handlers (typed commands, card buttons, dialogs) are built with. */
export interface TeamsTurnDeps {
  deps: AdapterDeps;
  fmt: Fmt;
  people: TeamsPeople;
  /** Where private answers go (a person's chat with the bot) and what delivers them. */
  chat: ChatPort;
  memory: TeamsPortMemory;
  /** The warroom user id (Entra object id) of a Teams `29:` id, when the people directory has seen it. */
  userIdOf(teamsId: string): string | null;
  /** Whose copy of a card refreshes itself (Teams ids, what `refresh.userIds` takes): the shared layer's cardViewers. */
  refreshUsers(target: CardRef): string[];
}

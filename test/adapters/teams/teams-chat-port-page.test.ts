// The Teams port's page against the fake Bot Connector: the room's @mention is the page, each person's chat a copy.
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { teamsChatPort } from '../../../src/adapters/teams/teams-chat-port.js';
import { teamsConnector } from '../../../src/adapters/teams/teams-connector.js';
import { teamsConnectorPacer } from '../../../src/adapters/teams/teams-connector-pacer.js';
import { teamsFmt } from '../../../src/adapters/teams/teams-fmt.js';
import { teamsTokenClient } from '../../../src/adapters/teams/teams-token-client.js';
import type { ChatPort } from '../../../src/core/chat-port.js';
import { DeliveryError } from '../../../src/core/delivery-error.js';
import { textView } from '../../../src/core/chat-view.js';
import type { TeamsConversationRef } from '../../../src/store/repos/teams-repo.js';
import { startFakeBotFramework, type FakeBotFramework } from '../../fakes/fake-bot-framework.js';

const APP_ID = '00000000-0000-4000-8000-00000000a11d';
const TENANT = '11111111-1111-4111-8111-111111111111';
const ROOM = '19:room@thread.tacv2';
const PEOPLE = [
  { aadObjectId: 'aad-carol', id: '29:1carol', name: 'Carol Medina' },
  { aadObjectId: 'aad-dan', id: '29:1dan', name: 'Dan Okafor' },
];

let fake: FakeBotFramework;
let port: ChatPort;
let now = 0;
const memory = new Map<string, TeamsConversationRef>();

beforeEach(async () => {
  fake = await startFakeBotFramework({ appId: APP_ID, clientSecret: 'secret', members: PEOPLE, now: () => now });
  memory.clear();
  const person = (userId: string) => PEOPLE.find((p) => p.aadObjectId === userId);
  port = teamsChatPort({
    fmt: teamsFmt,
    connector: teamsConnector(
      teamsTokenClient({ appId: APP_ID, clientSecret: 'secret', tenantId: TENANT, loginUrl: fake.loginUrl }),
    ),
    graph: null,
    tenantId: TENANT,
    fallbackChannelId: '19:fallback@thread.tacv2',
    defaultServiceUrl: fake.serviceUrl,
    memory: {
      conversation: (key) => memory.get(key) ?? null,
      rememberConversation: (key, ref) => memory.set(key, ref),
    },
    people: (userId) => {
      const p = person(userId);
      return p ? { name: p.name, mentionId: p.id } : undefined;
    },
    teamsIdOf: (userId) => person(userId)?.id ?? null,
    rememberPerson: () => {},
    refreshUsers: () => [],
    pacer: teamsConnectorPacer(),
    now: () => now,
    logger: pino({ level: 'silent' }),
  });
});
afterEach(() => fake.stop());

const page = () => port.page(ROOM, null, ['aad-carol', 'aad-dan'], textView('INC-0001 (P1) needs you.'));
const roomPosts = () => fake.connectorCalls.filter((c) => c.conversation === ROOM && c.status === 201);
const toldIn = (memberId: string) =>
  fake.connectorCalls.filter((c) => c.conversation === fake.personalChatOf(memberId) && c.path.endsWith('/activities'));

describe('Teams page', () => {
  it('a person who removed the app is skipped (the room mentions them); the page is not dead for the others', async () => {
    fake.refuse('29:1dan', 'BotNotInConversationRoster');
    await page();
    expect(roomPosts()).toHaveLength(1);
    expect(toldIn('29:1carol').map((c) => c.status)).toEqual([200]);
    expect(
      fake.connectorCalls.filter((c) => c.conversation === fake.personalChatOf('29:1dan')).map((c) => c.status),
    ).toEqual([403]);
  });

  it('continues where it stopped: a retry after a 429 sends only what had not gone, and a later page starts afresh', async () => {
    fake.throttle({ forMs: 1_000, retryAfter: 1, conversation: fake.personalChatOf('29:1dan') });
    const first = await page().then(
      () => null,
      (e: unknown) => e,
    );
    expect(first).toBeInstanceOf(DeliveryError);
    expect((first as DeliveryError).disposition).toBe('retry');
    now += 1_000;
    await page();
    expect(roomPosts()).toHaveLength(1);
    expect(toldIn('29:1carol').filter((c) => c.status === 200)).toHaveLength(1);
    expect(toldIn('29:1dan').map((c) => c.status)).toEqual([200]);
    expect(
      fake.connectorCalls.filter((c) => c.conversation === fake.personalChatOf('29:1dan')).map((c) => c.status),
    ).toEqual([429, 201, 200]);
    // The same words again later (another escalation) are a new page: the journal was closed.
    now += 60_000;
    await page();
    expect(roomPosts()).toHaveLength(2);
  });
});

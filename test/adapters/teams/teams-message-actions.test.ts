import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CoreSettings } from '../../../src/core/context.js';
import { declareIncident } from '../../../src/core/incident/declare-incident.js';
import { recordWarRoomOpened } from '../../../src/core/incident/record-war-room-opened.js';
import type { Json } from '../../support/teams-invoke.js';
import { startTeamsRoute, type TeamsRoute } from '../../support/teams-route.js';
import { openTestStore, type TestStore } from '../../support/test-store.js';

const ROOM = '19:room@thread.tacv2';
const CAROL = { id: '29:1carol', name: 'Carol Medina', aadObjectId: 'aad-carol' };
const BOB = { id: '29:1bob', name: 'Bob Ito', aadObjectId: 'aad-bob' };

let t: TestStore;
let route: TeamsRoute;
let settings: CoreSettings;
beforeEach(async () => {
  t = openTestStore();
  settings = { ...t.ctx().settings, platform: 'teams' };
  route = await startTeamsRoute(t, { settings, people: [CAROL, BOB] });
});
afterEach(async () => {
  await route.stop();
  t.close();
});

/** Carol declares; the war room is the channel ROOM. */
function declared(): number {
  const incident = declareIncident({
    ctx: t.ctx({ type: 'teams', userId: CAROL.aadObjectId }, settings),
    input: { title: 'Checkout returns 500s', severity: 'sev2' },
  });
  recordWarRoomOpened({
    ctx: t.ctx({ type: 'system' }, settings),
    input: { incidentId: incident.id, channelId: ROOM, channelName: incident.plannedChannelName },
  });
  return incident.id;
}

/** A channel message as Teams puts it in a message action's invoke (`messagePayload`). */
const payload = (id: string, content: string, from: Json) => ({
  id,
  replyToId: null,
  createdDateTime: '2026-12-07T10:00:00.000Z',
  messageType: 'message',
  body: { contentType: 'html', content },
  from,
  attachments: [],
  mentions: [],
});
const byBob = { user: { id: BOB.aadObjectId, displayName: BOB.name, userIdentityType: 'aadUser' }, application: null };

/** "Add to timeline" run by Carol on `message` in `channel`, as Teams sends it. */
const addToTimeline = (message: unknown, channel = ROOM) =>
  route.client.post(
    route.client.invoke(
      CAROL,
      'composeExtension/fetchTask',
      { commandId: 'timeline.pin', commandContext: 'message', context: { theme: 'default' }, messagePayload: message },
      { channelId: channel, conversationId: `${channel};messageid=1733000000100` },
    ),
  );
const shown = (value: string) => ({ status: 200, body: { task: { type: 'message', value } } });
const pins = (incidentId: number) =>
  t.store.timeline
    .forIncident(incidentId)
    .filter((e) => e.kind === 'message.pinned')
    .map((e) => JSON.parse(e.payload) as Json);

describe('Teams: "Add to timeline" on a message (a message action)', () => {
  it("copies a war-room message into the timeline once, as its author wrote it, and learns the author's name", async () => {
    const incidentId = declared();
    const html = '<p>p99 back at 180&nbsp;ms &amp; falling</p><p>graph: <at id="0">Carol Medina</at> &lt;look&gt;</p>';
    expect(await addToTimeline(payload('1733000000101', html, byBob))).toEqual(
      shown('Pinned to the INC-0001 timeline (#3).'),
    );
    expect(await addToTimeline(payload('1733000000101', html, byBob))).toEqual(
      shown('That message is already on the timeline.'),
    );
    expect(pins(incidentId)).toEqual([
      {
        messageId: '1733000000101',
        author: BOB.aadObjectId,
        text: 'p99 back at 180 ms & falling\ngraph: Carol Medina <look>',
        via: 'button',
      },
    ]);
    expect(JSON.parse(t.store.timeline.forIncident(incidentId).at(-1)?.actor ?? '{}')).toMatchObject({
      userId: CAROL.aadObjectId,
    });
    expect(t.store.people.name(BOB.aadObjectId)).toBe('Bob Ito');
    expect(route.kicks.dispatcher).toBeGreaterThan(0);
    // Answered in the invoke: nothing was posted anywhere.
    expect(route.bot.connectorCalls).toEqual([]);
  });

  it("an app's post has no author; a message outside a war room is refused; an invoke without the message too", async () => {
    const incidentId = declared();
    const byApp = { user: null, application: { id: '28:other-app', displayName: 'Grafana' } };
    expect(await addToTimeline(payload('1733000000102', '<p>Dashboard: 5xx at 0.1%</p>', byApp))).toEqual(
      shown('Pinned to the INC-0001 timeline (#3).'),
    );
    expect(pins(incidentId)).toMatchObject([{ author: null, text: 'Dashboard: 5xx at 0.1%' }]);
    expect(await addToTimeline(payload('1733000000103', '<p>lunch?</p>', byBob), '19:general@thread.tacv2')).toEqual(
      shown("Only messages in an incident's war room go on its timeline."),
    );
    expect(await addToTimeline(undefined)).toEqual(
      shown("Teams did not send the message with the action: run it again from the message's menu."),
    );
    expect(pins(incidentId)).toHaveLength(1);
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import { Actor, actorUserId } from '../../src/core/actor.js';
import type { Store } from '../../src/core/store-port.js';
import { startSandboxHarness, type SandboxHarness } from '../support/sandbox-harness.js';
import { startSlackHarness, GENERAL, type SlackHarness } from '../support/slack-harness.js';
import { CAROL, DAN, startTeamsHarness, type TeamsHarness } from '../support/teams-harness.js';

/** One chat surface as the script drives it: two people, A and B, typing commands. */
interface Surface {
  store: Store;
  /** Types `text` (the words after the command name) as `who`, in the war room when `room` is given, else a channel. */
  type(who: 'A' | 'B', text: string, room?: string): Promise<void>;
  /** How `who` is @mentioned in typed text on this surface. */
  mention(who: 'A' | 'B'): string;
  userId(who: 'A' | 'B'): string;
  stop(): Promise<void>;
}

async function slack(): Promise<Surface> {
  const h: SlackHarness = await startSlackHarness();
  const ids = { A: 'U1', B: 'U2' } as const;
  return {
    store: h.app.store,
    async type(who, text, room) {
      const { responseUrl } = await h.command(text, { user_id: ids[who], channel_id: room ?? GENERAL });
      await h.waitForReplies(responseUrl, 1);
    },
    mention: (who) => `<@${ids[who]}|${who === 'A' ? 'ann' : 'bob'}>`,
    userId: (who) => ids[who],
    stop: () => h.stop(),
  };
}

async function sandbox(): Promise<Surface> {
  const h: SandboxHarness = await startSandboxHarness();
  const ids = { A: 'alice', B: 'bob' } as const;
  return {
    store: h.app.store,
    async type(who, text, room) {
      const name = room ? (h.app.store.incidents.byChannel('sandbox', room)?.channelName ?? room) : 'general';
      const res = await h.type(ids[who], name, `/incident ${text}`);
      expect(res.status).toBe(200);
    },
    mention: (who) => `@${ids[who]}`,
    userId: (who) => ids[who],
    stop: () => h.stop(),
  };
}

async function teams(): Promise<Surface> {
  const h: TeamsHarness = await startTeamsHarness();
  const people = { A: CAROL, B: DAN } as const;
  return {
    store: h.app.store,
    async type(who, text, room) {
      const at = room
        ? {
            channelId: room.split(';')[0] ?? room,
            conversationId: room.includes(';') ? room : `${room};messageid=1733000000042`,
          }
        : {};
      expect(await h.say(text, { from: people[who], ...at })).toBe(200);
    },
    mention: (who) => `{{${people[who].name}}}`,
    userId: (who) => people[who].aadObjectId,
    stop: () => h.stop(),
  };
}

/** Polls a condition the app reaches on its own (the outbox opening the war room). */
async function until<T>(probe: () => T | null | undefined, what: string, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** The same incident, told by one surface's store in surface-free words: who is A or B, not U1 or an Entra id. */
async function runScript(surface: Surface) {
  await surface.type('A', 'declare Checkout returns 500s sev2');
  const room = await until(() => surface.store.incidents.byNumber(1)?.channelId, 'the war room');
  await surface.type('B', 'ack', room);
  await surface.type('B', `role comms ${surface.mention('A')}`, room);
  await surface.type('A', 'status identified Bad deploy of cart-service', room);
  await surface.type('A', 'note Rolled back cart-service to 4.1.2', room);
  await surface.type('B', 'sev sev1', room);
  await surface.type('B', 'resolve', room);
  const incident = surface.store.incidents.byNumber(1);
  if (!incident) throw new Error('no incident');
  const who = (userId: string | null) =>
    userId === surface.userId('A') ? 'A' : userId === surface.userId('B') ? 'B' : userId;
  return {
    incident: {
      title: incident.title,
      severity: incident.severity,
      status: incident.status,
      lead: who(incident.leadId),
      declaredBy: who(incident.declaredBy),
    },
    roles: surface.store.roles.forIncident(incident.id).map((r) => ({ role: r.role, holder: who(r.userId) })),
    timeline: surface.store.timeline
      .forIncident(incident.id)
      .map((e) => ({ kind: e.kind, by: who(actorUserId(Actor.parse(JSON.parse(e.actor)))) })),
  };
}

describe('one script on Slack, Teams and the sandbox', () => {
  const running: Surface[] = [];
  afterEach(async () => {
    await Promise.all(running.splice(0).map((s) => s.stop()));
  });

  it('leaves the same incident, roles and timeline (who did what, in order) on every surface', async () => {
    const results = [];
    for (const start of [slack, teams, sandbox]) {
      const surface = await start();
      running.push(surface);
      results.push(await runScript(surface));
    }
    const [onSlack, onTeams, onSandbox] = results;
    expect(onSlack?.incident).toEqual({
      title: 'Checkout returns 500s',
      severity: 'sev1',
      status: 'resolved',
      lead: 'A',
      declaredBy: 'A',
    });
    expect(onSlack?.roles).toContainEqual({ role: 'comms', holder: 'A' });
    expect(onSlack?.timeline.map((e) => e.kind)).toEqual(
      expect.arrayContaining(['incident.declared', 'incident.acknowledged', 'role.assigned', 'note.added']),
    );
    expect(onTeams).toEqual(onSlack);
    expect(onSandbox).toEqual(onSlack);
  });
});

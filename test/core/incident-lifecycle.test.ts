import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { acknowledgeIncident } from '../../src/core/incident/acknowledge-incident.js';
import { changeSeverity } from '../../src/core/incident/change-severity.js';
import { changeStatus } from '../../src/core/incident/change-status.js';
import { closeIncident } from '../../src/core/incident/close-incident.js';
import { declareIncident } from '../../src/core/incident/declare-incident.js';
import { assignLead } from '../../src/core/roles/assign-lead.js';
import { assignRole } from '../../src/core/roles/assign-role.js';
import { WarroomError } from '../../src/core/errors.js';
import { openTestStore, type TestStore } from '../support/test-store.js';

let t: TestStore;
beforeEach(() => {
  t = openTestStore();
});
afterEach(() => t.close());

const kinds = (incidentId: number) => t.store.timeline.forIncident(incidentId).map((e) => e.kind);
const intents = () =>
  t.database.sqlite
    .prepare('select intent from outbox order by id')
    .all()
    .map((r) => JSON.parse((r as { intent: string }).intent).type);

describe('declareIncident', () => {
  it('opens INC-0001 with the declarer as lead and queues war room and header together; the room is announced once open', async () => {
    const incident = declareIncident({
      ctx: t.ctx('alice', { announceChannel: 'incidents' }),
      input: { title: 'Checkout API 500s', severity: 'sev2' },
    });
    expect(incident).toMatchObject({
      ref: 'INC-0001',
      status: 'declared',
      severity: 'sev2',
      leadId: 'alice',
      plannedChannelName: 'inc-0001-checkout-api-500s',
    });
    expect(kinds(incident.id)).toEqual(['incident.declared']);
    expect(intents()).toEqual(['warroom.open', 'warroom.header']);
    const { recordWarRoomOpened } = await import('../../src/core/incident/record-war-room-opened.js');
    recordWarRoomOpened({
      ctx: t.ctx({ type: 'system' }, { announceChannel: 'incidents' }),
      input: { incidentId: incident.id, channelId: 'C1', channelName: 'inc-0001-x' },
    });
    expect(intents()).toEqual(['warroom.open', 'warroom.header', 'announce']);
    const second = declareIncident({ ctx: t.ctx('bob'), input: { title: 'Checkout API 500s' } });
    expect(second.ref).toBe('INC-0002');
    expect(second.severity).toBe('sev3');
  });

  it('rejects an empty or overlong title with what to do instead', () => {
    expect(() => declareIncident({ ctx: t.ctx(), input: { title: '   ' } })).toThrow(/needs a title/);
    expect(() => declareIncident({ ctx: t.ctx(), input: { title: 'x'.repeat(121) } })).toThrow(/120 characters/);
    expect(t.store.incidents.listOpen()).toHaveLength(0);
  });

  it('refuses a declaration by the system (only people declare by hand)', () => {
    expect(() => declareIncident({ ctx: t.ctx({ type: 'system' }), input: { title: 'x' } })).toThrow(WarroomError);
  });
});

describe('status machine', () => {
  it('records acknowledged, mitigated and resolved times as the incident moves', () => {
    const incident = declareIncident({ ctx: t.ctx(), input: { title: 'db down' } });
    t.clock.advance(60_000);
    const acked = acknowledgeIncident({ ctx: t.ctx('bob'), input: { incidentId: incident.id } });
    expect(acked.status).toBe('investigating');
    expect(acked.acknowledgedAt).toBe('2026-11-24T09:01:00.000Z');
    t.clock.advance(60_000);
    changeStatus({ ctx: t.ctx(), input: { incidentId: incident.id, status: 'identified', note: 'bad index' } });
    t.clock.advance(60_000);
    const mitigated = changeStatus({ ctx: t.ctx(), input: { incidentId: incident.id, status: 'monitoring' } });
    expect(mitigated.mitigatedAt).toBe('2026-11-24T09:03:00.000Z');
    t.clock.advance(60_000);
    const resolved = changeStatus({ ctx: t.ctx(), input: { incidentId: incident.id, status: 'resolved' } });
    expect(resolved.resolvedAt).toBe('2026-11-24T09:04:00.000Z');
    const closed = closeIncident({ ctx: t.ctx('alice'), input: { incidentId: incident.id } });
    expect(closed).toMatchObject({ status: 'closed', closedAt: '2026-11-24T09:04:00.000Z' });
    expect(kinds(incident.id)).toEqual([
      'incident.declared',
      'incident.acknowledged',
      'status.changed',
      'status.changed',
      'status.changed',
      'status.changed',
      'incident.closed',
    ]);
  });

  it('rejects illegal moves with a clear message and writes nothing', () => {
    const incident = declareIncident({ ctx: t.ctx(), input: { title: 'db down' } });
    expect(() => closeIncident({ ctx: t.ctx(), input: { incidentId: incident.id } })).toThrow(/resolve it first/);
    // @ts-expect-error declared is not settable
    expect(() => changeStatus({ ctx: t.ctx(), input: { incidentId: incident.id, status: 'declared' } })).toThrow(
      /investigating, identified, monitoring, resolved/,
    );
    changeStatus({ ctx: t.ctx(), input: { incidentId: incident.id, status: 'investigating' } });
    expect(() => changeStatus({ ctx: t.ctx(), input: { incidentId: incident.id, status: 'investigating' } })).toThrow(
      /already investigating/,
    );
    expect(() => acknowledgeIncident({ ctx: t.ctx(), input: { incidentId: incident.id } })).toThrow(
      /already acknowledged/,
    );
    changeStatus({ ctx: t.ctx(), input: { incidentId: incident.id, status: 'resolved' } });
    expect(() => closeIncident({ ctx: t.ctx('bob'), input: { incidentId: incident.id } })).toThrow(
      /Only the incident lead/,
    );
    closeIncident({ ctx: t.ctx('alice'), input: { incidentId: incident.id } });
    expect(() => changeStatus({ ctx: t.ctx(), input: { incidentId: incident.id, status: 'investigating' } })).toThrow(
      /is closed/,
    );
    expect(kinds(incident.id)).toEqual([
      'incident.declared',
      'incident.acknowledged',
      'status.changed',
      'status.changed',
      'incident.closed',
    ]);
  });

  it('reopening a resolved incident clears the resolved and mitigated times', () => {
    const incident = declareIncident({ ctx: t.ctx(), input: { title: 'db down' } });
    changeStatus({ ctx: t.ctx(), input: { incidentId: incident.id, status: 'resolved' } });
    const reopened = changeStatus({ ctx: t.ctx(), input: { incidentId: incident.id, status: 'investigating' } });
    expect(reopened).toMatchObject({ resolvedAt: null, mitigatedAt: null, status: 'investigating' });
  });
});

describe('lead and roles', () => {
  it('keeps exactly one lead and records the handover naming both', () => {
    const incident = declareIncident({ ctx: t.ctx('alice'), input: { title: 'db down' } });
    const handed = assignLead({ ctx: t.ctx('alice'), input: { incidentId: incident.id, userId: 'bob' } });
    expect(handed.leadId).toBe('bob');
    const entry = t.store.timeline.last(incident.id);
    expect(entry?.kind).toBe('lead.assigned');
    expect(JSON.parse(entry?.payload ?? '{}')).toMatchObject({ from: 'alice', to: 'bob' });
    expect(() => assignLead({ ctx: t.ctx('carol'), input: { incidentId: incident.id, userId: 'bob' } })).toThrow(
      /already leads/,
    );
    expect(intents()).toContain('warroom.invite');
  });

  it('assigns configured roles, replaces holders, and rejects unknown roles naming the valid ones', () => {
    const incident = declareIncident({ ctx: t.ctx('alice'), input: { title: 'db down' } });
    assignRole({ ctx: t.ctx(), input: { incidentId: incident.id, role: 'Comms', userId: 'carol' } });
    assignRole({ ctx: t.ctx(), input: { incidentId: incident.id, role: 'comms', userId: 'dave' } });
    expect(t.store.roles.forIncident(incident.id)).toMatchObject([{ role: 'comms', userId: 'dave' }]);
    expect(JSON.parse(t.store.timeline.last(incident.id)?.payload ?? '{}')).toMatchObject({
      role: 'comms',
      from: 'carol',
      to: 'dave',
    });
    expect(() =>
      assignRole({ ctx: t.ctx(), input: { incidentId: incident.id, role: 'chef', userId: 'dave' } }),
    ).toThrow(/Roles: comms, ops, scribe, security/);
    expect(() =>
      assignRole({ ctx: t.ctx(), input: { incidentId: incident.id, role: 'lead', userId: 'dave' } }),
    ).toThrow(/\/incident lead/);
  });

  it('changes severity once and refuses a no-op', () => {
    const incident = declareIncident({ ctx: t.ctx(), input: { title: 'db down', severity: 'sev3' } });
    expect(changeSeverity({ ctx: t.ctx(), input: { incidentId: incident.id, severity: 'sev1' } }).severity).toBe(
      'sev1',
    );
    expect(() => changeSeverity({ ctx: t.ctx(), input: { incidentId: incident.id, severity: 'sev1' } })).toThrow(
      /already SEV1/,
    );
  });
});

describe('refreshOpenHeaders', () => {
  it('queues one header refresh per open war room per minute', async () => {
    const { refreshOpenHeaders } = await import('../../src/core/incident/refresh-open-headers.js');
    const { recordWarRoomOpened } = await import('../../src/core/incident/record-war-room-opened.js');
    const a = declareIncident({ ctx: t.ctx(), input: { title: 'a' } });
    declareIncident({ ctx: t.ctx(), input: { title: 'no room yet' } });
    recordWarRoomOpened({
      ctx: t.ctx({ type: 'system' }),
      input: { incidentId: a.id, channelId: 'C1', channelName: 'inc-0001-a' },
    });
    const before = t.store.outbox.countPending();
    expect(refreshOpenHeaders({ ctx: t.ctx({ type: 'system' }) })).toBe(1);
    expect(refreshOpenHeaders({ ctx: t.ctx({ type: 'system' }) })).toBe(1);
    expect(t.store.outbox.countPending()).toBe(before + 1);
    t.clock.advance(60_000);
    refreshOpenHeaders({ ctx: t.ctx({ type: 'system' }) });
    expect(t.store.outbox.countPending()).toBe(before + 2);
  });
});

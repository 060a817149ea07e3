import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { acknowledgeIncident } from '../../src/core/incident/acknowledge-incident.js';
import { changeStatus } from '../../src/core/incident/change-status.js';
import { closeIncident } from '../../src/core/incident/close-incident.js';
import { declareIncident } from '../../src/core/incident/declare-incident.js';
import { describeIncident } from '../../src/core/incident/describe-incident.js';
import { addNote } from '../../src/core/timeline/add-note.js';
import { describeTimelineEntry } from '../../src/core/timeline/describe-timeline-entry.js';
import { checkpointStatement } from '../../src/core/timeline/timeline-checkpoint.js';
import { describeCheckpoint } from '../../src/core/timeline/describe-checkpoint.js';
import { verifyTimeline } from '../../src/core/timeline/verify-timeline.js';
import { plainFmt } from '../../src/core/fmt.js';
import { loadSignatureVerifier } from '../../src/infra/evidence/load-signature-verifier.js';
import { signingKeyPaths } from '../../src/infra/evidence/signing-key.js';
import { openTestStore, type TestStore } from '../support/test-store.js';

let t: TestStore;
beforeEach(() => {
  t = openTestStore();
});
afterEach(() => t.close());

const verifier = () => loadSignatureVerifier(signingKeyPaths(t.keyDataDir).publicKeyPath);
const checkpoints = (incidentId = 1) => t.store.checkpoints.forIncident(incidentId);

describe('timeline checkpoints', () => {
  it('a status change signs the head it just wrote, outside the chain; notes and declaring do not', () => {
    const incident = declareIncident({ ctx: t.ctx(), input: { title: 'db down' } });
    addNote({ ctx: t.ctx(), input: { incidentId: incident.id, text: 'looking' } });
    expect(checkpoints()).toEqual([]);
    t.clock.advance(60_000);
    changeStatus({ ctx: t.ctx(), input: { incidentId: incident.id, status: 'identified', note: 'bad deploy' } });
    const head = t.store.timeline.last(incident.id);
    expect(head?.kind).toBe('status.changed');
    const [checkpoint] = checkpoints();
    expect(checkpoint).toMatchObject({
      incidentId: 1,
      number: 1,
      seq: head?.seq,
      headHash: head?.hash,
      status: 'identified',
      at: '2026-11-24T09:01:00.000Z',
    });
    const key = verifier();
    expect(checkpoint?.keyFingerprint).toBe(key?.fingerprint);
    expect(key?.verify(checkpointStatement(checkpoint!), Buffer.from(checkpoint!.signature, 'base64'))).toBe(true);
    // The chain holds no trace of it: the checkpoint vouches for the chain, it is not part of it.
    expect(t.store.timeline.forIncident(1).map((e) => e.kind)).toEqual([
      'incident.declared',
      'note.added',
      'incident.acknowledged',
      'status.changed',
    ]);
  });

  it('is written in the status change transaction: if it cannot be recorded, the status does not change either', () => {
    declareIncident({ ctx: t.ctx(), input: { title: 'db down' } });
    t.database.sqlite.exec(
      "create trigger refuse_checkpoints before insert on timeline_checkpoints begin select raise(abort, 'disk says no'); end",
    );
    expect(() => changeStatus({ ctx: t.ctx(), input: { incidentId: 1, status: 'investigating' } })).toThrow(
      /disk says no/,
    );
    expect(t.store.incidents.byId(1)?.status).toBe('declared');
    expect(t.store.timeline.forIncident(1).map((e) => e.kind)).toEqual(['incident.declared']);
    expect(
      t.database.sqlite.prepare("select count(*) as n from outbox where intent like '%warroom.post%'").get(),
    ).toEqual({ n: 0 });
  });

  it('acknowledging moves the status and signs; resolve and close sign again, numbered in order', () => {
    const incident = declareIncident({ ctx: t.ctx('alice'), input: { title: 'db down' } });
    acknowledgeIncident({ ctx: t.ctx('bob'), input: { incidentId: incident.id } });
    changeStatus({ ctx: t.ctx('alice'), input: { incidentId: incident.id, status: 'resolved' } });
    closeIncident({ ctx: t.ctx('alice'), input: { incidentId: incident.id } });
    expect(checkpoints().map((c) => [c.number, c.status, c.seq])).toEqual([
      [1, 'investigating', 3],
      [2, 'resolved', 4],
      [3, 'closed', 5],
    ]);
    expect(t.store.timeline.last(1)?.kind).toBe('incident.closed');
    expect(verifyTimeline({ ctx: t, verifier: verifier(), input: { incidentId: 1 } })).toMatchObject({
      ok: true,
      entries: 5,
      checkpoints: 3,
      latest: { number: 3 },
    });
  });

  it('refuses edits and deletes at the database level, like the timeline', () => {
    declareIncident({ ctx: t.ctx(), input: { title: 'db down' } });
    changeStatus({ ctx: t.ctx(), input: { incidentId: 1, status: 'investigating' } });
    expect(() => t.database.sqlite.prepare('delete from timeline_checkpoints').run()).toThrow(/append-only/);
    expect(() => t.database.sqlite.prepare("update timeline_checkpoints set status = 'closed'").run()).toThrow(
      /append-only/,
    );
  });

  it('a process without the key writes none (verify then says so); the header and close message name the latest by its short head', () => {
    const incident = declareIncident({ ctx: t.ctx(), input: { title: 'db down' } });
    changeStatus({
      ctx: t.ctx('alice', { signer: undefined }),
      input: { incidentId: incident.id, status: 'resolved' },
    });
    expect(checkpoints()).toEqual([]);
    expect(verifyTimeline({ ctx: t, verifier: null, input: { incidentId: 1 } })).toMatchObject({
      ok: true,
      latest: null,
      checkpoints: 0,
    });
    expect(describeIncident(t.store.incidents.byId(1)!, [], [], t.clock.now(), [], null).checkpoint).toBeNull();

    closeIncident({ ctx: t.ctx(), input: { incidentId: incident.id } });
    const latest = t.store.checkpoints.latest(1)!;
    const short = latest.headHash.slice(0, 12);
    const header = describeIncident(t.store.incidents.byId(1)!, [], [], t.clock.now(), [], latest);
    expect(header.checkpoint).toEqual({ number: 1, seq: 4, headHash: latest.headHash });
    expect(describeCheckpoint(header.checkpoint!, plainFmt)).toBe(
      `Timeline checkpoint 1: 4 entries, head \`${short}\` (signed)`,
    );
    const closed = t.store.timeline.last(1)!;
    const people = new Map<string, string>();
    expect(describeTimelineEntry(closed, plainFmt, people, latest)).toBe(
      `✅ Incident closed by @alice — Timeline checkpoint 1: 4 entries, head \`${short}\` (signed)`,
    );
    expect(describeTimelineEntry(closed, plainFmt, people)).toBe('✅ Incident closed by @alice');
  });
});

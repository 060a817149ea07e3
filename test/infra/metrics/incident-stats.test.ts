import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { acknowledgeIncident } from '../../../src/core/incident/acknowledge-incident.js';
import { changeStatus } from '../../../src/core/incident/change-status.js';
import { declareIncident } from '../../../src/core/incident/declare-incident.js';
import { computeIncidentStats } from '../../../src/core/metrics/compute-incident-stats.js';
import { runIncidentCommand } from '../../../commands/index.js';
import { plainFmt } from '../../../src/core/fmt.js';
import { describeDigest } from '../../../src/core/schedule/describe-digest.js';
import { openTestStore, type TestStore } from '../../support/test-store.js';

const MIN = 60_000;
let t: TestStore;
beforeEach(() => {
  t = openTestStore();
});
afterEach(() => t.close());

/** Declares at the current clock, then acknowledges, mitigates and resolves after the given minutes (null: never). */
function incident(severity: 'sev1' | 'sev2', ack: number | null, mitigate: number | null, resolve: number | null) {
  const start = t.clock.now().getTime();
  const i = declareIncident({ ctx: t.ctx(), input: { title: 'x', severity } });
  const at = (m: number) => t.clock.set(new Date(start + m * MIN).toISOString());
  if (ack !== null) {
    at(ack);
    acknowledgeIncident({ ctx: t.ctx('bob'), input: { incidentId: i.id } });
  }
  if (mitigate !== null) {
    at(mitigate);
    changeStatus({ ctx: t.ctx('bob'), input: { incidentId: i.id, status: 'monitoring' } });
  }
  if (resolve !== null) {
    at(resolve);
    changeStatus({ ctx: t.ctx('bob'), input: { incidentId: i.id, status: 'resolved' } });
  }
  t.clock.set(new Date(start + 24 * 60 * MIN).toISOString());
  return i;
}

describe('incident stats', () => {
  it('averages response times per severity and overall, against hand-computed values', () => {
    incident('sev1', 4, 30, 60); // sev1 A: ack 4, mitigate 30, resolve 60
    incident('sev1', 6, 50, 100); // sev1 B: ack 6, mitigate 50, resolve 100
    incident('sev2', 20, null, null); // sev2: acknowledged only (still open)
    const stats = computeIncidentStats({ ctx: t.ctx(), days: 30 });
    expect(stats.bySeverity).toEqual({
      sev1: { incidents: 2, mttaMinutes: 5, mttmMinutes: 40, mttrMinutes: 80, mttdMinutes: null },
      sev2: { incidents: 1, mttaMinutes: 20, mttmMinutes: null, mttrMinutes: null, mttdMinutes: null },
    });
    // Overall: MTTA (5×2 + 20×1) / 3 = 10; MTTM and MTTR only from SEV1.
    expect(stats.overall).toEqual({
      incidents: 3,
      mttaMinutes: 10,
      mttmMinutes: 40,
      mttrMinutes: 80,
      mttdMinutes: null,
    });
  });

  it('leaves out incidents before the window, and answers in chat', () => {
    incident('sev1', 10, 20, 30);
    t.clock.advance(40 * 24 * 60 * MIN);
    incident('sev2', 2, 4, 8);
    expect(computeIncidentStats({ ctx: t.ctx(), days: 30 }).overall.incidents).toBe(1);
    expect(computeIncidentStats({ ctx: t.ctx(), days: 90 }).overall.incidents).toBe(2);
    const env = { ctx: t.ctx(), channelId: 'C', fmt: plainFmt, parseUser: () => null };
    const text = runIncidentCommand('stats 90d', env);
    expect(text).toEqual({
      type: 'reply',
      text: expect.stringContaining('• all: 2 incidents · MTTA 6 min · MTTM 12 min · MTTR 19 min · detect —'),
    });
    const usage =
      'Give a window in days and, if you like, one service: `/incident stats 30d`, `/incident stats 90d service:checkout` (at most 366d).';
    expect(runIncidentCommand('stats forever', env)).toEqual({ type: 'reply', text: usage });
    expect(runIncidentCommand('stats 400d', env)).toEqual({ type: 'reply', text: usage });
  });

  it('shows the MTTR trend in the digest: this period against the one before', () => {
    incident('sev2', 5, 50, 100); // previous week: MTTR 100
    t.clock.advance(7 * 24 * 60 * MIN);
    incident('sev2', 5, 20, 40); // this week: MTTR 40 (the helper leaves the clock a day later)
    expect(describeDigest(t.ctx(), 7, plainFmt)).toContain(
      '\n1 incident · MTTA 5 min · MTTM 20 min · MTTR 40 min (previous 7 days: 100 min ↓) · 0 postmortems finalized\n',
    );
  });
});

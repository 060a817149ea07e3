import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sandboxFmt } from '../../../src/adapters/sandbox/sandbox-fmt.js';
import { sandboxHeader } from '../../../src/adapters/sandbox/sandbox-header.js';
import { declareIncident } from '../../../src/core/incident/declare-incident.js';
import { describeIncident } from '../../../src/core/incident/describe-incident.js';
import { openTestStore, type TestStore } from '../../support/test-store.js';

let t: TestStore;
beforeEach(() => (t = openTestStore()));
afterEach(() => t.close());

describe('sandbox header clocks', () => {
  it('carry the date and zone of their deadline in the team time zone, not a bare time of day', () => {
    const incident = declareIncident({
      ctx: t.ctx('alice'),
      input: { title: 'Customer data on a paste site', severity: 'sev1', via: 'command' },
    });
    const now = t.clock.now();
    const deadline = new Date(now.getTime() + 24 * 3_600_000).toISOString();
    const clock = {
      id: 1,
      incidentId: incident.id,
      runId: 1,
      clockId: 'gdpr-art33',
      title: 'GDPR Art. 33 notification',
      startedAt: now.toISOString(),
      deadline,
      stoppedAt: null,
      stoppedBy: null,
      missedAt: null,
      endedAt: null,
      remindAt: null,
    };
    const view = describeIncident(incident, [], ['comms'], now, [clock]);
    const clockLine = (timeZone: string) =>
      sandboxHeader(incident, view, sandboxFmt(timeZone)).blocks.find(
        (b) => b.type === 'context' && 'text' in b && String(b.text).includes('GDPR'),
      );
    // The test clock starts at 2026-11-24 09:00 UTC: due a day later, 10:00 in Berlin (CET, UTC+1).
    expect(clockLine('Europe/Berlin')).toMatchObject({
      text: '⏱ GDPR Art. 33 notification · due 25 Nov 2026, 10:00:00 CET · in 1 day',
    });
    expect(clockLine('UTC')).toMatchObject({
      text: '⏱ GDPR Art. 33 notification · due 25 Nov 2026, 09:00:00 UTC · in 1 day',
    });
  });
});

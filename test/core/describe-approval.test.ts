import { describe, expect, it } from 'vitest';
import type { Approval } from '../../src/core/approval/approval.js';
import { describeApproval } from '../../src/core/approval/describe-approval.js';
import { plainFmt } from '../../src/core/fmt.js';

const approved: Approval = {
  id: 3,
  incidentId: 1,
  runId: 1,
  stepId: 'isolate',
  action: 'isolate_host',
  params: '{"host":"web-1"}',
  approverRole: 'security',
  status: 'approved',
  requestedBy: 'bob',
  requestedAt: '2026-11-24T09:00:00.000Z',
  decidedBy: 'carol',
  decidedAt: '2026-11-24T09:01:00.000Z',
  reason: null,
  executor: null,
  claimedAt: null,
  result: null,
  finishedAt: null,
  messageId: null,
};

describe('an approved action in the approval message', () => {
  it('says it is queued until the runner claims it, and running once it has', () => {
    const text = (a: Approval) => describeApproval(a, 'Isolate the host', plainFmt).text.split('\n').at(-1);
    expect(text(approved)).toBe('⌛ Queued to run (an incident runs its actions one at a time, in approval order)…');
    expect(text({ ...approved, claimedAt: '2026-11-24T09:01:01.000Z' })).toBe('⌛ Running…');
  });
});

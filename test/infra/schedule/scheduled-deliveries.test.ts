import { afterAll, beforeAll, expect, it } from 'vitest';
import { addCorrectiveAction } from '../../../src/core/postmortem/add-corrective-action.js';
import { runScheduledJobs } from '../../../src/core/schedule/run-scheduled-jobs.js';
import { startSandboxHarness, type SandboxHarness } from '../../support/sandbox-harness.js';

let h: SandboxHarness;
beforeAll(async () => {
  h = await startSandboxHarness();
});
afterAll(() => h.stop());

it('delivers the overdue-action nudge privately to its owner and the weekly digest to its channel', async () => {
  const declared = await h.type('alice', 'general', '/incident declare Replica lag sev3');
  const room = declared.json.openChannelId ?? '';
  await h.post('/sandbox/api/messages', { user: 'alice', channelId: room, text: '/incident status resolved' });
  await h.post('/sandbox/api/messages', { user: 'alice', channelId: room, text: '/incident postmortem' });
  const base = { actor: { type: 'sandbox' as const, userId: 'alice' }, store: h.app.store, requestId: 't' };
  const settings = (await import('../../support/test-store.js')).defaultSettings;
  const today = new Date().toISOString().slice(0, 10);
  addCorrectiveAction({
    ctx: { ...base, now: () => new Date(), settings },
    input: {
      incidentId: 1,
      title: 'Alert on replica lag',
      ownerId: 'bob',
      dueDate: today,
      kind: 'detect',
      verification: 'lag alert fires in staging',
    },
  });
  const later = new Date(Date.now() + 3 * 86_400_000);
  later.setUTCHours(10, 0, 0, 0);
  const digestDay = (['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const)[later.getUTCDay()] ?? 'mon';
  const policy = {
    ...settings.alertPolicy,
    reminders: {
      ...settings.alertPolicy.reminders,
      weekly_digest: { channel: 'incidents', day: digestDay, at: '09:00' },
    },
  };
  expect(
    runScheduledJobs({
      ctx: { ...base, actor: { type: 'system' }, now: () => later, settings: { ...settings, alertPolicy: policy } },
    }),
  ).toBeGreaterThanOrEqual(2);
  // The pass ran three days ahead; bring its queued rows to the dispatcher's (real) present.
  h.app.database.sqlite
    .prepare('update outbox set next_attempt_at = ? where next_attempt_at > ?')
    .run(Date.now(), Date.now());
  h.app.dispatcher.kick();
  const general = await h.channelId('general');
  await expect
    .poll(
      async () =>
        (await h.messages(general, 'bob')).find((m) => m.ephemeral && m.text.includes('Corrective action *A1*'))?.text,
    )
    .toMatch(/^:alarm_clock: Corrective action \*A1\* of INC-0001 was due \d{4}-\d{2}-\d{2}: Alert on replica lag/);
  expect((await h.messages(general, 'alice')).some((m) => m.text.includes('Corrective action'))).toBe(false);
  const incidents = await h.channelId('incidents');
  await expect
    .poll(async () => (await h.messages(incidents, 'carol')).find((m) => m.text.startsWith(':bar_chart:'))?.text)
    .toMatch(
      /^:bar_chart: \*Incident digest — last 7 days\*\n1 incident · MTTA [\d.]+ min[\s\S]*\*Open incidents \(1\)\*\n• INC-0001 SEV3 resolved — Replica lag[\s\S]*\*Overdue corrective actions \(\d\)\*/,
    );
});

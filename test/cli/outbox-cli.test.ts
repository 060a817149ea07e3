import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import { enqueueDelivery } from '../../src/core/outbox/enqueue-delivery.js';
import { openTestStore, type TestStore } from '../support/test-store.js';

const run = promisify(execFile);
let t: TestStore;

/** Queues a triage post and dead-letters it as the dispatcher would; returns its outbox id. */
function deadTriagePost(alertId: number, code: string): number {
  const key = `alert${alertId}.triage`;
  enqueueDelivery(t.store, { key, now: t.clock.now(), intent: { type: 'triage.post', alertId, channel: 'triage' } });
  const row = t.store.outbox.byKey(key);
  if (!row) throw new Error('not queued');
  t.store.outbox.markDead(row.id, `chat.postMessage: ${code}`, t.clock.now(), { method: 'chat.postMessage', code });
  return row.id;
}

beforeEach(() => {
  t = openTestStore();
});
afterEach(() => t.close());

describe('warroom outbox', () => {
  it('lists dead deliveries with id, created, method, destination, error, attempts and the fix', () => {
    enqueueDelivery(t.store, {
      key: 'ok',
      now: t.clock.now(),
      intent: { type: 'triage.post', alertId: 9, channel: 'triage' },
    });
    const id = deadTriagePost(1, 'channel_not_found');
    expect(runCli(['outbox', 'list', '--db', t.path])).toEqual({
      code: 0,
      stdout: [
        '1 dead-lettered delivery:',
        `#${id}  created 2026-11-24T09:00:00.000Z  chat.postMessage → #triage  error channel_not_found  attempts 1`,
        `    fix: #triage (triage) does not exist or the bot cannot see it: create it and invite the bot to #triage or set WARROOM_TRIAGE_CHANNEL (or triage_channel in config/policy.yaml) to a channel the bot is in; then run \`npx warroom outbox retry ${id}\``,
      ].join('\n'),
    });
  });

  it('re-drives every dead row with --all, keeping each row and key, and records who did it', () => {
    const a = deadTriagePost(1, 'channel_not_found');
    const b = deadTriagePost(2, 'is_archived');
    const result = runCli(['outbox', 'retry', '--all', '--as', 'bob', '--db', t.path]);
    expect(result).toMatchObject({
      code: 0,
      stdout: expect.stringMatching(new RegExp(`^Re-queued #${a}, #${b} with their original idempotency keys`)),
    });
    expect([t.store.outbox.byKey('alert1.triage')?.status, t.store.outbox.byKey('alert2.triage')?.status]).toEqual([
      'pending',
      'pending',
    ]);
    const resolutions = t.database.sqlite
      .prepare('select resolution, resolved_by from outbox_dead_letters order by id')
      .all();
    expect(resolutions).toEqual([
      { resolution: 'retried', resolved_by: expect.stringMatching(/^bob@/) },
      { resolution: 'retried', resolved_by: expect.stringMatching(/^bob@/) },
    ]);
    expect(runCli(['outbox', 'retry', '--all', '--db', t.path])).toEqual({
      code: 0,
      stdout: 'No dead-lettered deliveries to re-drive.',
    });
    // Dead again after a retry: counted twice, listed once, with the latest cause.
    t.store.outbox.markDead(a, 'chat.postMessage: not_in_channel', t.clock.now(), {
      method: 'chat.postMessage',
      code: 'not_in_channel',
    });
    expect(t.store.outbox.deadLetterCounts()).toEqual(
      expect.arrayContaining([
        { method: 'chat.postMessage', code: 'channel_not_found', count: 1 },
        { method: 'chat.postMessage', code: 'not_in_channel', count: 1 },
      ]),
    );
    expect(t.store.outbox.listDead().map((d) => [d.outboxId, d.code, d.attempts])).toEqual([[a, 'not_in_channel', 2]]);
  });

  it('discards only dead rows and says what to type instead on bad usage', () => {
    enqueueDelivery(t.store, {
      key: 'pending',
      now: t.clock.now(),
      intent: { type: 'triage.post', alertId: 9, channel: 'triage' },
    });
    const pending = t.store.outbox.byKey('pending')?.id ?? 0;
    expect(runCli(['outbox', 'discard', String(pending), '--db', t.path])).toEqual({
      code: 1,
      stderr: `No dead delivery #${pending}. See \`warroom outbox list\`.`,
    });
    expect(t.store.outbox.byKey('pending')?.status).toBe('pending');
    expect(runCli(['outbox', 'retry', '--db', t.path])).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/^Usage: warroom outbox retry <id>\|--all/),
    });
    expect(runCli(['outbox', 'retry', 'seven', '--db', t.path])).toMatchObject({ code: 2 });
    expect(runCli(['outbox', 'discard', '--all', '--db', t.path])).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/one at a time/),
    });
    expect(runCli(['outbox', 'purge', '--db', t.path])).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/^Unknown outbox command "purge"/),
    });
    expect(runCli(['outbox', 'list', '--db', '/nonexistent/x.db'])).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/^No database at/),
    });
    expect(runCli(['outbox', '--help'])).toMatchObject({
      code: 0,
      stdout: expect.stringMatching(/npm run warroom -- outbox list/),
    });
    expect(runCli(['--help']).stdout).toMatch(/outbox retry <id>\|--all/);
  });

  it('runs as a real process: list, then discard', async () => {
    const id = deadTriagePost(1, 'is_archived');
    const cli = (...args: string[]) =>
      run(process.execPath, ['--import', 'tsx', 'src/cli/run.ts', 'outbox', ...args, '--db', t.path]);
    expect((await cli('list')).stdout).toContain(
      `#${id}  created 2026-11-24T09:00:00.000Z  chat.postMessage → #triage  error is_archived  attempts 1`,
    );
    expect((await cli('discard', `#${id}`)).stdout).toMatch(
      new RegExp(`^Discarded #${id} \\(recorded as discarded by `),
    );
    expect((await cli('list')).stdout).toBe('No dead-lettered deliveries.\n');
  });
});

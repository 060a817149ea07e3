// npm run bench: performance targets live here, not in timed tests. Prints a table and exits non-zero if a
// target is missed by a wide margin (a real regression, not noise on a busy 2-core machine).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { startWarroom } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { declareIncident } from '../src/core/incident/declare-incident.js';
import { addNote } from '../src/core/timeline/add-note.js';
import { verifyTimelineChain } from '../src/core/timeline/verify-timeline-chain.js';
import { DEFAULT_ALERT_POLICY } from '../src/core/alert/priority-policy.js';

interface Result {
  name: string;
  value: number;
  unit: string;
  target: string;
  ok: boolean;
}

/** Posts `total` low-priority alerts over 50 fingerprints from 8 concurrent senders; returns accepted per second. */
async function storm(url: string, total: number): Promise<number> {
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (next < total) {
        const i = next++;
        const res = await fetch(`${url}/webhooks/alerts/generic`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            title: `Storm alert ${i % 50}`,
            severity: 'low',
            service: 'internal-wiki',
            fingerprint: `storm-${i % 50}`,
          }),
        });
        if (res.status !== 202) throw new Error(`webhook answered ${res.status}`);
        await res.arrayBuffer();
      }
    }),
  );
  return total / ((performance.now() - started) / 1000);
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'warroom-bench-'));
  const app = await startWarroom(loadConfig({ PORT: '0', DATA_DIR: dir, LOG_LEVEL: 'silent' }), { outboxPollMs: 20 });
  const results: Result[] = [];
  try {
    // 1. Webhooks accepted per second: each committed (synchronous=FULL) before its 202; processing paused.
    const accept = await startWarroom(loadConfig({ PORT: '0', DATA_DIR: join(dir, 'accept'), LOG_LEVEL: 'silent' }), {
      processAlerts: false,
    });
    const acceptRate = await storm(accept.url, 1_000);
    await accept.stop();
    results.push({
      name: 'webhooks accepted (durable, 8 senders)',
      value: Math.round(acceptRate),
      unit: '/s',
      target: '≥ 250/s',
      ok: acceptRate >= 250,
    });

    // 1b. End to end: accepted, enriched, routed, deduplicated and the triage messages redrawn, all durable.
    const started = performance.now();
    await storm(app.url, 1_000);
    await app.alertProcessor.idle(120_000);
    const endToEnd = 1_000 / ((performance.now() - started) / 1000);
    results.push({
      name: 'alerts processed end to end (50 fingerprints)',
      value: Math.round(endToEnd),
      unit: '/s',
      target: '≥ 60/s',
      ok: endToEnd >= 60,
    });

    // 2. A P1 alert to its war room with header (sandbox chat, so this measures warroom, not Slack).
    const t0 = performance.now();
    await fetch(`${app.url}/webhooks/alerts/generic`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        title: 'Checkout down',
        severity: 'critical',
        service: 'checkout',
        fingerprint: 'bench-p1',
      }),
    });
    for (;;) {
      const incident = app.store.incidents.listOpen().find((i) => i.title === 'Checkout down');
      if (incident?.headerMessageId) break;
      if (performance.now() - t0 > 10_000) throw new Error('P1 war room did not open within 10 s');
      await new Promise((r) => setTimeout(r, 5));
    }
    const latency = performance.now() - t0;
    results.push({
      name: 'P1 alert → war room + header',
      value: Math.round(latency),
      unit: 'ms',
      target: '≤ 500 ms',
      ok: latency <= 500,
    });

    // 3. Timeline appends (hash-chained, one transaction each) and verification.
    const ctx = {
      actor: { type: 'sandbox' as const, userId: 'alice' },
      now: () => new Date(),
      store: app.store,
      requestId: 'bench',
      settings: {
        platform: 'sandbox' as const,
        roles: ['comms'],
        announceChannel: null,
        alertPolicy: DEFAULT_ALERT_POLICY,
        playbooks: [],
        attack: null,
        timeZone: 'UTC',
      },
    };
    const incident = declareIncident({ ctx, input: { title: 'bench timeline' } });
    const notes = 2_000;
    const a0 = performance.now();
    for (let i = 0; i < notes; i += 1) addNote({ ctx, input: { incidentId: incident.id, text: `note ${i}` } });
    const appends = notes / ((performance.now() - a0) / 1000);
    results.push({
      name: 'timeline entries appended (synchronous=FULL)',
      value: Math.round(appends),
      unit: '/s',
      target: '≥ 200/s',
      ok: appends >= 200,
    });
    const v0 = performance.now();
    const verdict = verifyTimelineChain(app.store.timeline.forIncident(incident.id));
    const verifyMs = performance.now() - v0;
    results.push({
      name: `verify ${verdict.entries} chained entries`,
      value: Math.round(verifyMs),
      unit: 'ms',
      target: '≤ 1000 ms',
      ok: verdict.ok && verifyMs <= 1000,
    });
  } finally {
    await app.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  for (const r of results)
    console.log(
      `${r.ok ? 'ok  ' : 'SLOW'} ${r.name.padEnd(48)} ${String(r.value).padStart(7)} ${r.unit.padEnd(3)} target ${r.target}`,
    );
  if (results.some((r) => !r.ok)) process.exitCode = 1;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 2;
});

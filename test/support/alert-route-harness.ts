// Vendor payloads through the real POST /webhooks/alerts/<source> route of a loopback sandbox (no secret needed
// there), processed by the real inbox processor, read back from the real SQLite alerts table.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect } from 'vitest';
import { startWarroom, type RunningWarroom } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';

export interface RouteAnswer {
  status: number;
  json: Record<string, unknown>;
}

/** One stored alert occurrence, as the alerts table holds it. */
export interface StoredAlert {
  id: number;
  fingerprint: string;
  externalId: string | null;
  title: string;
  severity: string;
  status: string;
  service: string | null;
  receivedCount: number;
  triage: string;
  /** The NormalizedAlert as last received. */
  normalized: Record<string, unknown> & {
    labels: Record<string, string>;
    asset: Record<string, string | null>;
    attackTechniques: string[];
  };
}

export interface AlertRouteHarness {
  app: RunningWarroom;
  /** POSTs `body` (a JSON value, or exact bytes) and waits until the processor has routed what was accepted. */
  post(source: string, body: unknown): Promise<RouteAnswer>;
  /** POSTs the bytes of test/fixtures/alerts/<source>/<file> exactly as on disk. */
  postFixture(source: string, file: string): Promise<RouteAnswer>;
  /** Stored occurrences of `source`, oldest first. */
  alerts(source: string): StoredAlert[];
  /** Posts a fixture twice: 202 with one alert, a new stored alert like `expected`, and the repeat counts up on it. */
  expectStoredThenCounted(
    source: string,
    file: string,
    expected: Partial<StoredAlert> & { fingerprint: string },
  ): Promise<void>;
  stop(): Promise<void>;
}

export const fixtureText = (source: string, file: string): string =>
  readFileSync(new URL(`../fixtures/alerts/${source}/${file}`, import.meta.url), 'utf8');
export const fixtureJson = (source: string, file: string): Record<string, unknown> =>
  JSON.parse(fixtureText(source, file)) as Record<string, unknown>;

interface Row {
  id: number;
  fingerprint: string;
  external_id: string | null;
  title: string;
  severity: string;
  status: string;
  service: string | null;
  received_count: number;
  triage: string;
  normalized: string;
}

export async function startAlertRouteHarness(): Promise<AlertRouteHarness> {
  const dir = mkdtempSync(join(tmpdir(), 'warroom-alert-route-'));
  const app = await startWarroom(loadConfig({ PORT: '0', DATA_DIR: dir, LOG_LEVEL: 'silent' }), { outboxPollMs: 50 });
  const post = async (source: string, body: unknown): Promise<RouteAnswer> => {
    const res = await fetch(`${app.url}/webhooks/alerts/${source}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body),
    });
    const answer = { status: res.status, json: (await res.json()) as Record<string, unknown> };
    await app.alertProcessor.idle();
    return answer;
  };
  const h: AlertRouteHarness = {
    app,
    post,
    postFixture: (source, file) => post(source, fixtureText(source, file)),
    async expectStoredThenCounted(source, file, expected) {
      const before = h.alerts(source).length;
      expect(await h.postFixture(source, file)).toEqual({
        status: 202,
        json: { ok: true, inboxId: expect.any(Number), alerts: 1 },
      });
      expect(h.alerts(source)).toHaveLength(before + 1);
      expect(h.alerts(source).at(-1)).toMatchObject({ ...expected, receivedCount: 1 });
      expect((await h.postFixture(source, file)).status).toBe(202);
      expect(h.alerts(source)).toHaveLength(before + 1);
      expect(h.alerts(source).at(-1)).toMatchObject({ fingerprint: expected.fingerprint, receivedCount: 2 });
    },
    alerts(source) {
      const rows = app.database.sqlite
        .prepare('select * from alerts where source = ? order by id')
        .all(source) as Row[];
      return rows.map((r) => ({
        id: r.id,
        fingerprint: r.fingerprint,
        externalId: r.external_id,
        title: r.title,
        severity: r.severity,
        status: r.status,
        service: r.service,
        receivedCount: r.received_count,
        triage: r.triage,
        normalized: JSON.parse(r.normalized) as StoredAlert['normalized'],
      }));
    },
    async stop() {
      await app.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return h;
}

/**
 * The harness for one describe block: started before its tests, stopped after them. The handle forwards to the
 * running harness, so a test file declares it once instead of repeating the set-up and tear-down.
 */
export function useAlertRouteHarness(): AlertRouteHarness {
  let started: AlertRouteHarness | undefined;
  beforeAll(async () => {
    started = await startAlertRouteHarness();
  });
  afterAll(async () => {
    await started?.stop();
  });
  const running = (): AlertRouteHarness => {
    if (!started) throw new Error('The alert route harness runs inside tests only (it starts in beforeAll).');
    return started;
  };
  return {
    get app() {
      return running().app;
    },
    post: (source, body) => running().post(source, body),
    postFixture: (source, file) => running().postFixture(source, file),
    alerts: (source) => running().alerts(source),
    expectStoredThenCounted: (source, file, expected) => running().expectStoredThenCounted(source, file, expected),
    stop: () => running().stop(),
  };
}

// POST /webhooks/alerts/:source through the real HTTP server: vendor authentication for every source, HMAC over the
// exact raw bytes, disabled sources, bad input (never a 500), metrics, and 503 when the database refuses the write.
import { createHmac } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { startWarroom, type RunningWarroom } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { startSlackHarness, type SlackHarness } from '../support/slack-harness.js';

const MAX_BODY = 1024 * 1024;
const ALL_SOURCES = [
  'alertmanager',
  'grafana',
  'datadog',
  'sentry',
  'pagerduty',
  'guardduty',
  'elastic',
  'splunk',
  'sentinel',
  'wazuh',
  'falco',
  'generic',
] as const;
type SourceId = (typeof ALL_SOURCES)[number];

/** How each vendor proves a webhook is its own (what its sender is configured to send). */
type VendorAuth = 'bearer' | 'sentry-hmac' | 'warroom-hmac' | 'routing-key';
interface SourceCase {
  id: SourceId;
  fixture: string;
  /** Alerts the fixture carries (an Alertmanager/Grafana group or an Elastic rule run carries several). */
  alerts: number;
  auth: VendorAuth;
}

const CASES: SourceCase[] = [
  { id: 'alertmanager', fixture: 'firing-group.json', alerts: 2, auth: 'bearer' },
  { id: 'grafana', fixture: 'firing.json', alerts: 2, auth: 'bearer' },
  { id: 'datadog', fixture: 'triggered.json', alerts: 1, auth: 'bearer' },
  { id: 'sentry', fixture: 'event-alert-backend.json', alerts: 1, auth: 'sentry-hmac' },
  { id: 'pagerduty', fixture: 'trigger.json', alerts: 1, auth: 'routing-key' },
  { id: 'guardduty', fixture: 'ssh-brute-force.json', alerts: 1, auth: 'bearer' },
  { id: 'elastic', fixture: 'detection-alerts.json', alerts: 2, auth: 'bearer' },
  { id: 'splunk', fixture: 'ssh-brute-force.json', alerts: 1, auth: 'bearer' },
  { id: 'sentinel', fixture: 'incident-created.json', alerts: 1, auth: 'bearer' },
  { id: 'wazuh', fixture: 'sshd-brute-force.json', alerts: 1, auth: 'bearer' },
  { id: 'falco', fixture: 'terminal-shell.json', alerts: 1, auth: 'bearer' },
  { id: 'generic', fixture: 'firing.json', alerts: 1, auth: 'warroom-hmac' },
];
const caseOf = (id: SourceId): SourceCase => CASES.find((c) => c.id === id) as SourceCase;

/** Distinct per source, so a secret configured for one source never opens another. */
const secretFor = (id: string) => `whsec-${id}-0123456789abcdef`;
const WRONG_SECRET = 'not-the-configured-secret-0123456789';
const secretsEnv = (ids: readonly string[]): Record<string, string> =>
  Object.fromEntries(ids.map((id) => [`WEBHOOK_SECRET_${id.toUpperCase()}`, secretFor(id)]));

/** The fixture's bytes exactly as on disk (pretty-printed, trailing newline): signatures must cover these bytes. */
const fixtureBytes = (id: string, file: string): Buffer =>
  readFileSync(new URL(`../fixtures/alerts/${id}/${file}`, import.meta.url));
const fixtureJson = (id: string, file: string): Record<string, unknown> =>
  JSON.parse(fixtureBytes(id, file).toString('utf8')) as Record<string, unknown>;
const hmacHex = (key: string, body: Buffer | string) => createHmac('sha256', key).update(body).digest('hex');

type Credentials = 'valid' | 'missing' | 'wrong';
interface WebhookRequest {
  body: Buffer;
  headers: Record<string, string>;
}

/** A request for `c` carrying its fixture, authenticated as the vendor does it. */
function vendorRequest(
  c: SourceCase,
  credentials: Credentials,
  body: Buffer = fixtureBytes(c.id, c.fixture),
): WebhookRequest {
  const key = credentials === 'valid' ? secretFor(c.id) : WRONG_SECRET;
  switch (c.auth) {
    case 'bearer':
      return { body, headers: credentials === 'missing' ? {} : { authorization: `Bearer ${key}` } };
    case 'sentry-hmac':
      return {
        body,
        headers:
          credentials === 'missing'
            ? {}
            : { 'sentry-hook-resource': 'event_alert', 'sentry-hook-signature': hmacHex(key, body) },
      };
    case 'warroom-hmac':
      return {
        body,
        headers: credentials === 'missing' ? {} : { 'x-warroom-signature': `sha256=${hmacHex(key, body)}` },
      };
    case 'routing-key': {
      // PagerDuty: the integration key travels in the body, as routing_key (Events API v2) or service_key (v1).
      const json = JSON.parse(body.toString('utf8')) as Record<string, unknown>;
      const field = 'service_key' in json && !('routing_key' in json) ? 'service_key' : 'routing_key';
      if (credentials === 'missing') delete json[field];
      else json[field] = key;
      return { body: Buffer.from(JSON.stringify(json)), headers: {} };
    }
  }
}

interface Answer {
  status: number;
  headers: Headers;
  json: Record<string, unknown>;
}

async function post(
  app: RunningWarroom,
  source: string,
  req: { body: Buffer | string; headers?: Record<string, string> },
): Promise<Answer> {
  const res = await fetch(`${app.url}/webhooks/alerts/${source}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...req.headers },
    body: req.body,
  });
  const text = await res.text();
  let json: Record<string, unknown>;
  try {
    json = JSON.parse(text) as Record<string, unknown>;
  } catch {
    throw new Error(`non-JSON answer ${res.status}: ${text.slice(0, 200)}`);
  }
  return { status: res.status, headers: res.headers, json };
}

/** Raw SQL, so rows count whatever the processor has done with them since. */
function inboxRows(app: RunningWarroom, source?: string): number {
  const row = source
    ? app.database.sqlite.prepare('select count(*) n from alert_inbox where source = ?').get(source)
    : app.database.sqlite.prepare('select count(*) n from alert_inbox').get();
  return (row as { n: number }).n;
}

/** The Alertmanager fixture with its alerts made new ones (their fingerprints tagged), so it is nobody's repeat. */
function freshAlertmanager(tag: string, extra: Record<string, unknown> = {}): Buffer {
  const json = fixtureJson('alertmanager', 'firing-group.json') as { alerts: Array<{ fingerprint: string }> };
  const alerts = json.alerts.map((a) => ({ ...a, fingerprint: `${a.fingerprint}${tag}` }));
  return Buffer.from(JSON.stringify({ ...json, alerts, ...extra }));
}

function inboxRepeats(app: RunningWarroom, id: number): number | undefined {
  return (
    app.database.sqlite.prepare('select repeats from alert_inbox where id = ?').get(id) as
      | { repeats: number }
      | undefined
  )?.repeats;
}

function inboxBody(app: RunningWarroom, id: number): string | undefined {
  return (
    app.database.sqlite.prepare('select body from alert_inbox where id = ?').get(id) as { body: string } | undefined
  )?.body;
}

/** A sandbox app (loopback, no Slack) that stores webhooks but does not process them, so counts never race. */
async function startQuietSandbox(
  env: Record<string, string> = {},
): Promise<{ app: RunningWarroom; stop(): Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'warroom-webhook-'));
  const app = await startWarroom(loadConfig({ PORT: '0', DATA_DIR: dir, LOG_LEVEL: 'silent', ...env }), {
    processAlerts: false,
    outboxPollMs: 50,
  });
  return {
    app,
    async stop() {
      await app.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The value of one Prometheus sample, matching its labels exactly (in any order); undefined if absent. */
function sample(metricsText: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of metricsText.split('\n')) {
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const got = Object.fromEntries(
      [...(m[2] ?? '').matchAll(/([a-zA-Z_]\w*)="((?:[^"\\]|\\.)*)"/g)].map((x) => [x[1], x[2]]),
    );
    const keys = Object.keys(labels);
    if (Object.keys(got).length === keys.length && keys.every((k) => got[k] === labels[k])) return Number(m[3]);
  }
  return undefined;
}

describe('alert webhooks in Slack mode, every source with its secret configured', () => {
  let h: SlackHarness;
  beforeAll(async () => {
    h = await startSlackHarness(secretsEnv(ALL_SOURCES));
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('covers every alert source', () => {
    expect(CASES.map((c) => c.id).sort()).toEqual([...ALL_SOURCES].sort());
  });

  describe.each(CASES)('$id ($auth)', (c) => {
    it('accepts a correctly authenticated fixture: 202 with the inbox id and alert count, one row holding the exact bytes', async () => {
      const before = inboxRows(h.app, c.id);
      const req = vendorRequest(c, 'valid');
      const res = await post(h.app, c.id, req);
      expect(res.json).toEqual({ ok: true, inboxId: expect.any(Number), alerts: c.alerts });
      expect(res.status).toBe(202);
      expect(inboxRows(h.app, c.id)).toBe(before + 1);
      expect(inboxBody(h.app, res.json.inboxId as number)).toBe(req.body.toString('utf8'));
    });

    it('refuses missing credentials with 401 and stores nothing', async () => {
      const before = inboxRows(h.app);
      const res = await post(h.app, c.id, vendorRequest(c, 'missing'));
      expect(res.status).toBe(401);
      expect(res.json).toMatchObject({ ok: false, error: expect.stringMatching(/credentials/i) });
      expect(inboxRows(h.app)).toBe(before);
    });

    it('refuses wrong credentials with 401 and stores nothing', async () => {
      const before = inboxRows(h.app);
      const res = await post(h.app, c.id, vendorRequest(c, 'wrong'));
      expect(res.status).toBe(401);
      expect(res.json).toMatchObject({ ok: false });
      expect(inboxRows(h.app)).toBe(before);
    });

    it("refuses another source's valid secret with 401", async () => {
      const other = c.id === 'generic' ? 'alertmanager' : 'generic';
      const before = inboxRows(h.app);
      const borrowed = { ...c, id: other } as SourceCase; // same vendor auth, keyed with the other source's secret
      const res = await post(h.app, c.id, vendorRequest(borrowed, 'valid', fixtureBytes(c.id, c.fixture)));
      expect(res.status).toBe(401);
      expect(inboxRows(h.app)).toBe(before);
    });
  });

  // One fixture per documented payload version (and each vendor's test notification), shaped like the vendor's docs.
  const VERSIONED: SourceId[] = ['alertmanager', 'grafana', 'datadog', 'sentry', 'pagerduty', 'generic'];
  /** Fixtures that exist to be refused (a nested body under the default generic mapping). */
  const REFUSED = new Set(['generic/nested.json']);
  describe.each(VERSIONED)('every payload version of %s', (id) => {
    const files = readdirSync(new URL(`../fixtures/alerts/${id}/`, import.meta.url)).filter(
      (f) => f.endsWith('.json') && !REFUSED.has(`${id}/${f}`),
    );
    it.each(files)('accepts %s through the real route: 202, stored exactly as received', async (file) => {
      const req = vendorRequest(caseOf(id), 'valid', fixtureBytes(id, file));
      const res = await post(h.app, id, req);
      expect(res.json).toEqual({ ok: true, inboxId: expect.any(Number), alerts: expect.any(Number) });
      expect(res.json.alerts).toBeGreaterThanOrEqual(1);
      expect(res.status).toBe(202);
      expect(inboxBody(h.app, res.json.inboxId as number)).toBe(req.body.toString('utf8'));
    });
  });

  describe('bearer details', () => {
    const am = caseOf('alertmanager');
    const body = fixtureBytes(am.id, am.fixture);
    it.each([
      ['the secret without the Bearer scheme', secretFor('alertmanager')],
      ['the secret as Basic credentials', `Basic ${secretFor('alertmanager')}`],
      ['a longer token that starts with the secret', `Bearer ${secretFor('alertmanager')}x`],
      ['a prefix of the secret', `Bearer ${secretFor('alertmanager').slice(0, -1)}`],
      ['an empty bearer token', 'Bearer '],
    ])('401 for %s', async (_label, authorization) => {
      const before = inboxRows(h.app);
      const res = await post(h.app, am.id, { body, headers: { authorization } });
      expect(res.status).toBe(401);
      expect(inboxRows(h.app)).toBe(before);
    });

    it('accepts the scheme in any case (RFC 7235)', async () => {
      const res = await post(h.app, am.id, { body, headers: { authorization: `bearer ${secretFor('alertmanager')}` } });
      expect(res.status).toBe(202);
    });
  });

  describe.each([caseOf('sentry'), caseOf('generic')])('HMAC over the raw bytes: $id', (c) => {
    const header = c.auth === 'sentry-hmac' ? 'sentry-hook-signature' : 'x-warroom-signature';
    const prefix = c.auth === 'sentry-hmac' ? '' : 'sha256=';
    const key = secretFor(c.id);
    const meaning = fixtureJson(c.id, c.fixture);
    const compact = Buffer.from(JSON.stringify(meaning));
    const pretty = Buffer.from(JSON.stringify(meaning, null, '\t'));

    it('refuses a signature over a re-serialised body with the same JSON meaning but different bytes', async () => {
      expect(compact.equals(pretty)).toBe(false);
      expect(JSON.parse(pretty.toString('utf8'))).toEqual(JSON.parse(compact.toString('utf8')));
      const before = inboxRows(h.app);
      // The sender signed its compact bytes; a proxy pretty-printed them on the way.
      const a = await post(h.app, c.id, { body: pretty, headers: { [header]: `${prefix}${hmacHex(key, compact)}` } });
      // The signature was computed over a pretty-printed re-serialisation, the compact bytes were sent.
      const b = await post(h.app, c.id, { body: compact, headers: { [header]: `${prefix}${hmacHex(key, pretty)}` } });
      // One extra trailing newline is already different bytes.
      const withNewline = Buffer.concat([compact, Buffer.from('\n')]);
      const d = await post(h.app, c.id, {
        body: withNewline,
        headers: { [header]: `${prefix}${hmacHex(key, compact)}` },
      });
      expect([a.status, b.status, d.status]).toEqual([401, 401, 401]);
      expect(inboxRows(h.app)).toBe(before);
    });

    it('accepts each byte form when the signature is over exactly those bytes', async () => {
      const signed = (body: Buffer) => ({ body, headers: { [header]: `${prefix}${hmacHex(key, body)}` } });
      // Held pending (this app processes alerts), so the second copy meets the first still in the queue.
      await h.app.alertProcessor.stop();
      onTestFinished(() => h.app.alertProcessor.resume());
      const first = await post(h.app, c.id, signed(compact));
      expect(first.status).toBe(202);
      const id = first.json.inboxId as number;
      expect(inboxBody(h.app, id)).toBe(compact.toString('utf8'));
      // The same alert in other bytes, while the first is still pending: accepted, and counted into it as a repeat.
      const repeats = inboxRepeats(h.app, id) ?? -1;
      const second = await post(h.app, c.id, signed(pretty));
      expect(second.status).toBe(202);
      expect(second.json.inboxId).toBe(id);
      expect(inboxRepeats(h.app, id)).toBe(repeats + 1);
    });

    it('accepts the hex signature in uppercase', async () => {
      const body = fixtureBytes(c.id, c.fixture);
      const upper = hmacHex(key, body).toUpperCase();
      expect(upper).toMatch(/[A-F]/);
      const res = await post(h.app, c.id, { body, headers: { [header]: `${prefix}${upper}` } });
      expect(res.status).toBe(202);
    });

    it('refuses a base64 signature and a truncated hex signature', async () => {
      const body = fixtureBytes(c.id, c.fixture);
      const mac = createHmac('sha256', key).update(body);
      const hex = hmacHex(key, body);
      const before = inboxRows(h.app);
      const b64 = await post(h.app, c.id, { body, headers: { [header]: `${prefix}${mac.digest('base64')}` } });
      const short = await post(h.app, c.id, { body, headers: { [header]: `${prefix}${hex.slice(0, 32)}` } });
      expect([b64.status, short.status]).toEqual([401, 401]);
      expect(inboxRows(h.app)).toBe(before);
    });

    if (prefix) {
      it(`refuses the signature without its "${prefix}" prefix`, async () => {
        const body = fixtureBytes(c.id, c.fixture);
        const res = await post(h.app, c.id, { body, headers: { [header]: hmacHex(key, body) } });
        expect(res.status).toBe(401);
      });
    }
  });

  describe('PagerDuty routing key', () => {
    const pd = caseOf('pagerduty');
    it("refuses the fixture's own routing key (not the configured secret) with 401", async () => {
      const before = inboxRows(h.app);
      const res = await post(h.app, pd.id, { body: fixtureBytes(pd.id, pd.fixture) });
      expect(res.status).toBe(401);
      expect(inboxRows(h.app)).toBe(before);
    });

    it('refuses a routing key that is not a string (the secret wrapped in an array or object) with 401', async () => {
      const before = inboxRows(h.app);
      for (const routing_key of [[secretFor('pagerduty')], { key: secretFor('pagerduty') }, 12345678901234567890]) {
        const res = await post(h.app, pd.id, {
          body: JSON.stringify({ ...fixtureJson(pd.id, pd.fixture), routing_key }),
        });
        expect(res.status).toBe(401);
      }
      expect(inboxRows(h.app)).toBe(before);
    });

    it('ignores an Authorization header carrying the secret: the key must be in the body', async () => {
      const json = fixtureJson(pd.id, pd.fixture);
      delete json.routing_key;
      const res = await post(h.app, pd.id, {
        body: JSON.stringify(json),
        headers: { authorization: `Bearer ${secretFor('pagerduty')}` },
      });
      expect(res.status).toBe(401);
    });
  });
});

describe('sources without a secret', () => {
  describe('in Slack mode', () => {
    let h: SlackHarness;
    beforeAll(async () => {
      h = await startSlackHarness(secretsEnv(['alertmanager']));
    });
    afterAll(async () => {
      await h?.stop();
    });

    it.each(CASES.filter((c) => c.id !== 'alertmanager'))(
      '$id answers 403 naming WEBHOOK_SECRET_<ID> and stores nothing',
      async (c) => {
        const expected = `WEBHOOK_SECRET_${c.id.toUpperCase()}`;
        for (const credentials of ['missing', 'valid'] as const) {
          const res = await post(h.app, c.id, vendorRequest(c, credentials));
          expect(res.status).toBe(403);
          expect(res.json.ok).toBe(false);
          expect(res.json.error).toContain(expected);
        }
        expect(inboxRows(h.app)).toBe(0);
      },
    );

    it('counts the refusals as rejected with reason "disabled"', async () => {
      await post(h.app, 'grafana', vendorRequest(caseOf('grafana'), 'missing'));
      const text = await (await fetch(`${h.app.url}/metrics`)).text();
      expect(
        sample(text, 'warroom_alerts_rejected_total', { source: 'grafana', reason: 'disabled' }),
      ).toBeGreaterThanOrEqual(1);
      expect(sample(text, 'warroom_alerts_received_total', { source: 'grafana' })).toBeUndefined();
    });
  });

  describe('in sandbox mode (loopback only)', () => {
    let s: Awaited<ReturnType<typeof startQuietSandbox>>;
    beforeAll(async () => {
      s = await startQuietSandbox(secretsEnv(['alertmanager']));
    });
    afterAll(async () => {
      await s?.stop();
    });

    it('listens on loopback, and refuses to be configured on another interface', () => {
      expect(s.app.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(() => loadConfig({ PORT: '0', DATA_DIR: tmpdir(), LOG_LEVEL: 'silent', HOST: '0.0.0.0' })).toThrow(
        /loopback/,
      );
    });

    it.each(CASES.filter((c) => c.id !== 'alertmanager'))(
      '$id accepts a request without credentials: 202 and one pending row',
      async (c) => {
        const before = s.app.store.inbox.pending(100).length;
        // PagerDuty's schema requires a routing_key, so its unchecked request is the fixture with the sender's own key.
        const req =
          c.auth === 'routing-key' ? { body: fixtureBytes(c.id, c.fixture), headers: {} } : vendorRequest(c, 'missing');
        const res = await post(s.app, c.id, req);
        expect(res.status).toBe(202);
        expect(res.json).toEqual({ ok: true, inboxId: expect.any(Number), alerts: c.alerts });
        const pending = s.app.store.inbox.pending(100);
        expect(pending).toHaveLength(before + 1);
        expect(pending.at(-1)).toMatchObject({ id: res.json.inboxId, source: c.id, body: req.body.toString('utf8') });
      },
    );

    it('still enforces a secret that is configured (alertmanager): 401 without it, 202 with it', async () => {
      const am = caseOf('alertmanager');
      const before = inboxRows(s.app, 'alertmanager');
      expect((await post(s.app, am.id, vendorRequest(am, 'missing'))).status).toBe(401);
      expect((await post(s.app, am.id, vendorRequest(am, 'wrong'))).status).toBe(401);
      expect(inboxRows(s.app, 'alertmanager')).toBe(before);
      expect((await post(s.app, am.id, vendorRequest(am, 'valid'))).status).toBe(202);
      expect(inboxRows(s.app, 'alertmanager')).toBe(before + 1);
    });
  });
});

describe('bad input is refused with a 4xx, never a 500, and nothing is stored', () => {
  let s: Awaited<ReturnType<typeof startQuietSandbox>>;
  const am = caseOf('alertmanager');
  const amAuth = { authorization: `Bearer ${secretFor('alertmanager')}` };
  const genericSigned = (body: Buffer | string) => ({
    body,
    headers: { 'x-warroom-signature': `sha256=${hmacHex(secretFor('generic'), body)}` },
  });
  beforeAll(async () => {
    s = await startQuietSandbox(secretsEnv(['alertmanager', 'generic', 'pagerduty']));
  });
  afterAll(async () => {
    await s?.stop();
  });

  /** A valid Alertmanager body padded with trailing spaces (still valid JSON) to exactly `size` bytes. */
  const paddedAlertmanager = (size: number): Buffer => {
    const json = Buffer.from(JSON.stringify(fixtureJson(am.id, am.fixture)));
    return Buffer.concat([json, Buffer.alloc(size - json.length, 0x20)]);
  };

  describe('size limit (1 MiB)', () => {
    it('413 for a body over 1 MiB with a declared Content-Length', async () => {
      const before = inboxRows(s.app);
      const res = await post(s.app, am.id, { body: paddedAlertmanager(MAX_BODY + 1), headers: amAuth });
      expect(res.status).toBe(413);
      expect(res.json).toMatchObject({ ok: false, error: expect.stringContaining(String(MAX_BODY)) });
      expect(inboxRows(s.app)).toBe(before);
    });

    it('three oversized streamed bodies in a row each get a prompt 413 (the connection is closed, not left stuck)', async () => {
      const started = Date.now();
      for (let i = 0; i < 3; i += 1) {
        const body = new ReadableStream<Uint8Array>({
          start(controller) {
            controller.enqueue(new Uint8Array(2 * MAX_BODY));
            controller.close();
          },
        });
        const res = await fetch(`${s.app.url}/webhooks/alerts/alertmanager`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...amAuth },
          body,
          duplex: 'half',
        } as RequestInit);
        expect(res.status).toBe(413);
        expect(res.headers.get('connection')).toBe('close');
        await res.text();
      }
      expect(Date.now() - started).toBeLessThan(3_000);
    });

    it('413 for a chunked body (no Content-Length) once it passes 1 MiB', async () => {
      const before = inboxRows(s.app);
      // node:http on a fresh connection: write just over 1 MiB in chunks and wait for the answer without ending the
      // body, so nothing is still in flight when the server answers (see the report on read-raw-body.ts for why).
      const answer = await new Promise<{ status: number; headers: Record<string, unknown>; text: string }>(
        (resolve, reject) => {
          const req = request(
            `${s.app.url}/webhooks/alerts/alertmanager`,
            {
              method: 'POST',
              agent: false,
              headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked', ...amAuth },
            },
            (res) => {
              let text = '';
              res.setEncoding('utf8');
              res.on('data', (d: string) => (text += d));
              res.on('end', () => {
                resolve({ status: res.statusCode ?? 0, headers: res.headers, text });
                req.destroy();
              });
            },
          );
          req.on('error', reject);
          const chunk = Buffer.alloc(64 * 1024, 0x20);
          let written = 0;
          const write = (): void => {
            while (written <= MAX_BODY) {
              written += chunk.length;
              if (!req.write(chunk)) {
                req.once('drain', write);
                return;
              }
            }
          };
          write();
        },
      );
      expect(answer.status).toBe(413);
      expect(JSON.parse(answer.text)).toMatchObject({ ok: false, error: expect.stringContaining(String(MAX_BODY)) });
      expect(inboxRows(s.app)).toBe(before);
    });

    it('accepts a body of exactly 1 MiB', async () => {
      const res = await post(s.app, am.id, { body: paddedAlertmanager(MAX_BODY), headers: amAuth });
      expect(res.status).toBe(202);
      expect(res.json).toMatchObject({ ok: true, alerts: 2 });
    });
  });

  describe('JSON', () => {
    const truncated = fixtureBytes(am.id, am.fixture).subarray(0, 200);

    it.each([
      ['truncated', truncated],
      ['empty', Buffer.alloc(0)],
      ['not UTF-8 JSON', Buffer.from([0xff, 0xfe, 0x7b, 0x00])],
    ])('400 for a %s body from an authenticated bearer source', async (_label, body) => {
      const before = inboxRows(s.app);
      const res = await post(s.app, am.id, { body, headers: amAuth });
      expect(res.status).toBe(400);
      expect(res.json).toEqual({ ok: false, error: 'Body is not valid JSON.' });
      expect(inboxRows(s.app)).toBe(before);
    });

    it('400 for truncated JSON correctly signed (generic HMAC)', async () => {
      const body = fixtureBytes('generic', 'firing.json').subarray(0, 100);
      const res = await post(s.app, 'generic', genericSigned(body));
      expect(res.status).toBe(400);
    });

    it('400 for truncated JSON to PagerDuty (the routing key cannot be read before parsing)', async () => {
      const res = await post(s.app, 'pagerduty', { body: fixtureBytes('pagerduty', 'trigger.json').subarray(0, 100) });
      expect(res.status).toBe(400);
    });

    it('checks header credentials before parsing: truncated JSON without credentials is 401', async () => {
      const res = await post(s.app, am.id, { body: truncated });
      expect(res.status).toBe(401);
    });
  });

  describe('payload shape', () => {
    const paths = (res: Answer) => (res.json.issues as Array<{ path: string }>).map((i) => i.path);

    it('422 only when no alert says what is wrong, naming every field looked for (Alertmanager)', async () => {
      const before = inboxRows(s.app);
      const json = {
        version: '4',
        status: 'firing',
        alerts: [
          { labels: 'severity=critical', annotations: {} },
          { labels: {}, annotations: {} },
        ],
      };
      const res = await post(s.app, am.id, { body: JSON.stringify(json), headers: amAuth });
      expect(res.status).toBe(422);
      expect(res.json).toMatchObject({
        ok: false,
        error: expect.stringMatching(
          /^No alert title found in this Prometheus Alertmanager payload: looked for alerts\[\]\.annotations\.summary, /,
        ),
      });
      expect(res.json.lookedFor).toEqual(
        expect.arrayContaining(['alerts[].annotations.summary', 'alerts[].labels.alertname', 'alerts[].fingerprint']),
      );
      const issues = res.json.issues as Array<{ path: unknown; message: unknown }>;
      for (const issue of issues) expect(issue).toEqual({ path: expect.any(String), message: expect.any(String) });
      expect(paths(res)).toContain('alerts[].labels.alertname');
      expect(inboxRows(s.app)).toBe(before);
      const text = await (await fetch(`${s.app.url}/metrics`)).text();
      expect(
        sample(text, 'warroom_alerts_rejected_total', { source: 'alertmanager', reason: 'no_title' }),
      ).toBeGreaterThanOrEqual(1);
    });

    it('202 for a group an older Alertmanager or a proxy sends: no version, an empty fingerprint, truncatedAlerts as text', async () => {
      const json = fixtureJson(am.id, am.fixture) as {
        alerts: Array<Record<string, unknown>>;
        version?: string;
        truncatedAlerts?: unknown;
      };
      delete json.version;
      json.truncatedAlerts = '0';
      (json.alerts[1] as Record<string, unknown>).fingerprint = '';
      const res = await post(s.app, am.id, { body: JSON.stringify(json), headers: amAuth });
      expect(res.status).toBe(202);
      expect(res.json).toMatchObject({ ok: true, alerts: 2 });
    });

    it.each([['null'], ['[]'], ['42'], ['"firing"'], ['{}']])('422 for the JSON value %s', async (body) => {
      const before = inboxRows(s.app);
      const res = await post(s.app, am.id, { body, headers: amAuth });
      expect(res.status).toBe(422);
      expect(res.json.issues).toEqual(
        expect.arrayContaining([{ path: expect.any(String), message: expect.any(String) }]),
      );
      expect(inboxRows(s.app)).toBe(before);
    });

    it('names the whole body as "(body)" when the top-level value has the wrong type', async () => {
      const res = await post(s.app, am.id, { body: 'null', headers: amAuth });
      expect(paths(res)).toEqual(['(body)']);
    });

    it('PagerDuty: 202 for an unknown payload.severity; 422 naming the fields for an event with neither summary nor key', async () => {
      const json = fixtureJson('pagerduty', 'trigger.json') as { payload: Record<string, unknown> };
      json.payload.severity = 'sev1';
      expect(
        (await post(s.app, 'pagerduty', { body: JSON.stringify({ ...json, routing_key: secretFor('pagerduty') }) }))
          .status,
      ).toBe(202);
      const before = inboxRows(s.app);
      const res = await post(s.app, 'pagerduty', {
        body: JSON.stringify({ routing_key: secretFor('pagerduty'), event_action: 'resolve' }),
      });
      expect(res.status).toBe(422);
      expect(res.json.error).toBe(
        'No alert title found in this PagerDuty Events API payload: looked for payload.summary, dedup_key, description (Events API v1), incident_key (Events API v1).',
      );
      expect(inboxRows(s.app)).toBe(before);
    });

    it('PagerDuty Events API v1: the service_key is the secret; a wrong one is 401', async () => {
      const v1 = fixtureJson('pagerduty', 'v1-trigger.json');
      expect(
        (await post(s.app, 'pagerduty', { body: JSON.stringify({ ...v1, service_key: secretFor('pagerduty') }) }))
          .status,
      ).toBe(202);
      expect((await post(s.app, 'pagerduty', { body: JSON.stringify(v1) })).status).toBe(401);
    });

    it.each([
      ['the title path is absent (a nested body under the default mapping)', fixtureBytes('generic', 'nested.json')],
      ['the title is an empty string', Buffer.from(JSON.stringify({ title: '  ', severity: 'critical' }))],
      ['the title is an object', Buffer.from(JSON.stringify({ title: { text: 'disk full' } }))],
    ])('generic: 422 naming the title path when %s', async (_label, body) => {
      const before = inboxRows(s.app);
      const res = await post(s.app, 'generic', genericSigned(body));
      expect(res.status).toBe(422);
      expect(res.json.ok).toBe(false);
      expect(res.json.error).toContain('"title"');
      expect(inboxRows(s.app)).toBe(before);
    });

    it('generic: 422 for a JSON array (the body must be an object)', async () => {
      const res = await post(s.app, 'generic', genericSigned('[{"title":"x"}]'));
      expect(res.status).toBe(422);
    });
  });

  describe('routing', () => {
    it('404 for an unknown source, listing the sources', async () => {
      const res = await post(s.app, 'nagios', { body: '{}' });
      expect(res.status).toBe(404);
      expect(res.json.ok).toBe(false);
      expect(res.json.error).toContain('nagios');
      for (const id of ALL_SOURCES) expect(res.json.error).toContain(id);
    });

    it('405 for GET (and PUT), with Allow: POST', async () => {
      for (const method of ['GET', 'PUT']) {
        const res = await fetch(`${s.app.url}/webhooks/alerts/alertmanager`, {
          method,
          body: method === 'PUT' ? '{}' : undefined,
        });
        expect(res.status).toBe(405);
        expect(res.headers.get('allow')).toBe('POST');
        expect(await res.json()).toMatchObject({ ok: false });
      }
    });

    it('404 for the collection path without a source', async () => {
      const res = await post(s.app, '', { body: '{}' });
      expect(res.status).toBe(404);
    });

    // BUG (src/http/router.ts:42): decodeURIComponent runs outside the handler's promise chain, so a malformed escape
    // in any :param throws synchronously in the 'request' listener and crashes the whole process (unauthenticated).
    // Skipped because running it kills the test worker; enable once the router answers 400/404.
    it('a malformed percent-escape in the source segment is a 4xx, not a crash', async () => {
      const res = await post(s.app, '%ZZ', { body: '{}' });
      expect([400, 404]).toContain(res.status);
      expect((await fetch(`${s.app.url}/healthz`)).status).toBe(200);
    });
  });
});

describe('metrics', () => {
  let s: Awaited<ReturnType<typeof startQuietSandbox>>;
  beforeAll(async () => {
    s = await startQuietSandbox(secretsEnv(['alertmanager', 'generic']));
  });
  afterAll(async () => {
    await s?.stop();
  });

  it('counts accepted alerts and rejected webhooks by source and reason; shows the outbox depth', async () => {
    const am = caseOf('alertmanager');
    const generic = caseOf('generic');
    const statuses: number[] = [];
    const send = async (source: string, req: { body: Buffer | string; headers?: Record<string, string> }) =>
      statuses.push((await post(s.app, source, req)).status);
    await send(am.id, vendorRequest(am, 'valid')); // 2 alerts
    await send(am.id, vendorRequest(am, 'valid')); // the same 2 alerts again: counted into the pending first
    await send(generic.id, vendorRequest(generic, 'valid')); // 1 alert
    await send(am.id, vendorRequest(am, 'missing'));
    await send(am.id, vendorRequest(am, 'wrong'));
    await send(am.id, vendorRequest(am, 'wrong'));
    await send(generic.id, vendorRequest(generic, 'wrong'));
    await send(am.id, { body: '{"version":', headers: { authorization: `Bearer ${secretFor('alertmanager')}` } });
    await send('grafana', vendorRequest(caseOf('grafana'), 'missing')); // no secret, but the sandbox lets it in: 2 alerts
    expect(statuses).toEqual([202, 202, 202, 401, 401, 401, 401, 400, 202]);

    const res = await fetch(`${s.app.url}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    const text = await res.text();
    expect(sample(text, 'warroom_alerts_received_total', { source: 'alertmanager' })).toBe(4);
    expect(sample(text, 'warroom_alerts_received_total', { source: 'generic' })).toBe(1);
    expect(sample(text, 'warroom_alerts_received_total', { source: 'grafana' })).toBe(2);
    expect(sample(text, 'warroom_alerts_received_total', { source: 'datadog' })).toBeUndefined();
    expect(sample(text, 'warroom_alerts_rejected_total', { source: 'alertmanager', reason: 'unauthorized' })).toBe(3);
    expect(sample(text, 'warroom_alerts_rejected_total', { source: 'generic', reason: 'unauthorized' })).toBe(1);
    expect(sample(text, 'warroom_alerts_rejected_total', { source: 'alertmanager', reason: 'bad_json' })).toBe(1);
    expect(
      sample(text, 'warroom_alerts_rejected_total', { source: 'grafana', reason: 'unauthorized' }),
    ).toBeUndefined();
    expect(sample(text, 'warroom_outbox_depth')).toBe(0);
    // The processor is paused: every accepted webhook is still pending, the repeated Alertmanager group as one row.
    expect(sample(text, 'warroom_alert_inbox_pending')).toBe(3);
  });
});

describe('storage refusing writes', () => {
  let s: Awaited<ReturnType<typeof startQuietSandbox>>;
  beforeAll(async () => {
    s = await startQuietSandbox(secretsEnv(['alertmanager']));
  });
  afterAll(async () => {
    await s?.stop();
  });

  // Another connection holds the write lock; the app's insert waits out its busy_timeout (5 s) and then gets
  // SQLITE_BUSY, which must become a 503 with Retry-After (Alertmanager and friends retry 5xx, never 4xx).
  it('answers 503 with Retry-After while the database is locked, and 202 once it is free', async () => {
    const am = caseOf('alertmanager');
    const path = s.app.database.sqlite.name;
    expect(path).toMatch(/warroom\.db$/);
    const locker = new Database(path);
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      locker.exec('ROLLBACK');
      locker.close();
    };
    try {
      locker.exec('BEGIN EXCLUSIVE');
      const res = await post(s.app, am.id, vendorRequest(am, 'valid'));
      expect(res.status).toBe(503);
      expect(res.headers.get('retry-after')).toBe('5');
      expect(res.json).toEqual({ ok: false, error: expect.stringMatching(/retry/i) });
      // WAL: the app can still read while another connection writes.
      expect(inboxRows(s.app)).toBe(0);
    } finally {
      release();
    }
    const retry = await post(s.app, am.id, vendorRequest(am, 'valid'));
    expect(retry.status).toBe(202);
    expect(inboxRows(s.app)).toBe(1);
    const text = await (await fetch(`${s.app.url}/metrics`)).text();
    expect(sample(text, 'warroom_alerts_rejected_total', { source: 'alertmanager', reason: 'unavailable' })).toBe(1);
    expect(sample(text, 'warroom_alerts_received_total', { source: 'alertmanager' })).toBe(2);
  }, 20_000);

  // The app's own connection is made read-only (SQLite's query_only: every write fails with SQLITE_READONLY, as on a
  // read-only file or mount) and then full (max_page_count: SQLITE_FULL, as on a full disk). Chmod cannot stand in:
  // permissions are checked when a file is opened, and tests may run as root.
  it.each([
    [
      'read-only',
      'SQLITE_READONLY',
      (db: Database.Database) => db.pragma('query_only = ON'),
      (db: Database.Database) => db.pragma('query_only = OFF'),
    ],
    [
      'full',
      'SQLITE_FULL',
      (db: Database.Database) => db.pragma(`max_page_count = ${Number(db.pragma('page_count', { simple: true }))}`),
      (db: Database.Database) => db.pragma('max_page_count = 1073741823'),
    ],
  ] as const)(
    'answers 503 with Retry-After, never 500 or 202, while the database is %s; 202 once it is fixed',
    async (_name, code, breakIt, fixIt) => {
      const am = caseOf('alertmanager');
      const db = s.app.database.sqlite;
      const before = inboxRows(s.app);
      // The condition is real: a write on this connection fails with the code the route has to map.
      breakIt(db);
      try {
        expect(() =>
          db
            .prepare(
              "insert into alert_inbox (source, received_at, body, status, attempts) values ('x', 'now', ?, 'pending', 0)",
            )
            .run('y'.repeat(64 * 1024)),
        ).toThrow(expect.objectContaining({ code }));
        // New alerts: a copy of a pending webhook would only count up that row (no new page needed).
        const big = freshAlertmanager(`-${code}`, { padding: 'p'.repeat(64 * 1024) });
        const res = await post(s.app, am.id, vendorRequest(am, 'valid', big));
        expect(res.status).toBe(503);
        expect(res.headers.get('retry-after')).toBe('30');
        expect(res.json).toEqual({ ok: false, error: 'Storage is unavailable; retry later.' });
        expect(inboxRows(s.app)).toBe(before);
      } finally {
        fixIt(db);
      }
      const retry = await post(s.app, am.id, vendorRequest(am, 'valid', freshAlertmanager(`-${code}-retry`)));
      expect(retry.status).toBe(202);
      expect(inboxRows(s.app)).toBe(before + 1);
    },
  );
});

describe('storageTroubleOf (which SQLite failures a sender should retry)', () => {
  it.each([
    ['SQLITE_BUSY', 'busy'],
    ['SQLITE_BUSY_SNAPSHOT', 'busy'],
    ['SQLITE_LOCKED', 'busy'],
    ['SQLITE_LOCKED_SHAREDCACHE', 'busy'],
    ['SQLITE_READONLY', 'failing'],
    ['SQLITE_READONLY_DBMOVED', 'failing'],
    ['SQLITE_CANTOPEN', 'failing'],
    ['SQLITE_IOERR', 'failing'],
    ['SQLITE_IOERR_WRITE', 'failing'],
    ['SQLITE_IOERR_FSYNC', 'failing'],
    ['SQLITE_FULL', 'failing'],
    ['SQLITE_CORRUPT', 'failing'],
    ['SQLITE_CONSTRAINT_UNIQUE', null],
    ['SQLITE_ERROR', null],
    // A prefix of another code is not that code.
    ['SQLITE_FULLY', null],
  ])('%s → %s', async (code, expected) => {
    const { storageTroubleOf } = await import('../../src/store/storage-trouble.js');
    const error = new Database.SqliteError(`failed with ${code}`, code);
    expect(storageTroubleOf(error)).toBe(expected);
    expect(storageTroubleOf(new Error('wrapped', { cause: error }))).toBe(expected);
  });

  it('is null for errors that are not SQLite failures', async () => {
    const { storageTroubleOf } = await import('../../src/store/storage-trouble.js');
    expect(storageTroubleOf(new TypeError('x is undefined'))).toBeNull();
    expect(storageTroubleOf(null)).toBeNull();
    expect(storageTroubleOf({ code: 42 })).toBeNull();
  });
});

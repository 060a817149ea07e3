import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NormalizedAlert } from '../../../src/alerts/normalized-alert.js';
import { splunkSource } from '../../../src/alerts/sources/splunk.js';
import { stableFingerprint } from '../../../src/alerts/stable-fingerprint.js';
import { useAlertRouteHarness } from '../../support/alert-route-harness.js';
import { startSlackHarness, type SlackHarness } from '../../support/slack-harness.js';

const raw = (name: string): unknown =>
  JSON.parse(readFileSync(new URL(`../../fixtures/alerts/splunk/${name}`, import.meta.url), 'utf8'));
/** A fresh copy of a fixture to edit. */
type Payload = Record<string, unknown> & { result: Record<string, unknown> };
const fixture = (name: string): Payload => raw(name) as Payload;
const ctx = { receivedAt: new Date('2026-11-24T09:13:00Z') };
const normalize = (payload: unknown): NormalizedAlert[] =>
  splunkSource.normalize(splunkSource.schema.parse(payload), ctx);

describe('Splunk webhook alert payload', () => {
  it('parses every fixture into valid normalized alerts', () => {
    for (const name of ['ssh-brute-force.json', 'unsaved-search.json', 'docs-example-10.0.json']) {
      const alerts = normalize(raw(name));
      expect(alerts).toHaveLength(1);
      for (const a of alerts) expect(NormalizedAlert.parse(a)).toEqual(a);
    }
  });

  it('maps the first result row of a saved search', () => {
    const [alert] = normalize(raw('ssh-brute-force.json'));
    expect(alert).toEqual({
      source: 'splunk',
      externalId: 'scheduler__admin__search__RMD5e1c1a7b4f6d2a9c3_at_1795511520_4182',
      fingerprint: stableFingerprint('splunk', {
        search_name: 'SSH brute force against production hosts',
        host: 'web-01.example.com',
        src: '198.51.100.7',
        user: 'admin',
      }),
      title: 'SSH brute force against production hosts',
      description:
        '57 failed SSH logins from 198.51.100.7 against web-01.example.com in 5 minutes (users tried: admin, root, oracle).',
      severity: 'high',
      status: 'firing',
      service: null,
      asset: { host: 'web-01.example.com', ip: null, cloudResource: null, user: 'admin' },
      labels: {
        app: 'search',
        owner: 'admin',
        search_name: 'SSH brute force against production hosts',
        src: '198.51.100.7',
        sourcetype: 'linux_secure',
        index: 'os',
        severity: 'high',
        action: 'failure',
      },
      links: [
        {
          title: 'Search results',
          url: 'http://splunk.example.com:8000/app/search/@go?sid=scheduler__admin__search__RMD5e1c1a7b4f6d2a9c3_at_1795511520_4182',
        },
      ],
      startsAt: '2026-11-24T09:12:03.000Z',
      endsAt: null,
      attackTechniques: ['T1110.001'],
    });
  });

  it('maps an unsaved search (search_name null) with defaults: medium, receivedAt, generic title', () => {
    const [alert] = normalize(raw('unsaved-search.json'));
    expect(alert).toMatchObject({
      title: 'Splunk alert',
      description: null,
      severity: 'medium',
      asset: { host: null, ip: null, cloudResource: null, user: null },
      startsAt: '2026-11-24T09:13:00.000Z',
      attackTechniques: [],
    });
    expect(alert?.labels).toEqual({ app: 'search', owner: 'admin', sourcetype: 'mongod' });
  });

  it('gives the same fingerprint to a later run about the same host, source and user', () => {
    const later = fixture('ssh-brute-force.json');
    later.sid = 'scheduler__admin__search__RMD5e1c1a7b4f6d2a9c3_at_1795511820_4190';
    later.result.count = '112';
    later.result._time = '1795511821.000';
    const [first] = normalize(raw('ssh-brute-force.json'));
    const [second] = normalize(later);
    expect(second?.fingerprint).toBe(first?.fingerprint);
    expect(second?.externalId).not.toBe(first?.externalId);
    later.result.src = '203.0.113.9';
    expect(normalize(later)[0]?.fingerprint).not.toBe(first?.fingerprint);
  });

  it.each([
    [{ severity: 'critical' }, 'critical'],
    [{ severity: 'High' }, 'high'],
    [{ severity: 'informational' }, 'info'],
    [{ urgency: 'low' }, 'low'],
    [{ severity: 'unknown', urgency: 'high' }, 'high'],
    [{ severity: 'constructor' }, 'medium'],
    [{}, 'medium'],
  ])('severity fields %j map to %s', (fields, expected) => {
    const payload = fixture('unsaved-search.json');
    payload.result = { ...payload.result, ...fields };
    expect(normalize(payload)[0]?.severity).toBe(expected);
  });

  it('extracts ATT&CK ids from multivalue annotation fields, and takes an IP host as the asset IP', () => {
    const payload = fixture('unsaved-search.json');
    payload.result = { ...payload.result, host: '198.51.100.20', 'annotations.mitre_attack': ['T1078', 'T1021.004'] };
    expect(normalize(payload)[0]).toMatchObject({
      attackTechniques: ['T1078', 'T1021.004'],
      asset: { host: '198.51.100.20', ip: '198.51.100.20' },
    });
  });

  it('reads result values sent as numbers, booleans, null or lists, and a result that is not an object', () => {
    const payload = fixture('ssh-brute-force.json');
    payload.result = {
      ...payload.result,
      count: 57,
      _time: 1795511523,
      severity: ['critical', 'high'],
      user: null,
      blocked: false,
    };
    expect(normalize(payload)[0]).toMatchObject({
      severity: 'critical',
      startsAt: '2026-11-24T09:12:03.000Z',
      asset: { user: null },
    });
    expect(normalize({ ...fixture('unsaved-search.json'), result: null })[0]).toMatchObject({
      title: 'Splunk alert',
      labels: { app: 'search', owner: 'admin' },
    });
    expect(normalize({ ...fixture('unsaved-search.json'), result: 'sourcetype=mongod' })[0]?.title).toBe(
      'Splunk alert',
    );
  });

  it('takes the title from a result field when the search has no name, then from the sid alone', () => {
    const payload = {
      ...fixture('unsaved-search.json'),
      result: { rule_name: 'Access - Excessive Failed Logins - Rule', src: '198.51.100.7' },
    };
    expect(normalize(payload)[0]?.title).toBe('Access - Excessive Failed Logins - Rule');
    expect(normalize({ sid: 'rt_1795511523.4182' })[0]).toMatchObject({
      title: 'Splunk alert',
      externalId: 'rt_1795511523.4182',
      links: [],
    });
  });
});

describe('Splunk alerts through POST /webhooks/alerts/splunk', () => {
  const h = useAlertRouteHarness();

  // Splunk documents one payload, unchanged from 6.x to 10.0: the docs' own example (tab-indented, an unsaved search),
  // the same on another host, and a saved search with a richer first result row.
  it.each([
    [
      'docs-example-10.0.json',
      'Splunk alert',
      'medium',
      stableFingerprint('splunk', { search_name: null, host: null, src: null, user: null }),
    ],
    [
      'ssh-brute-force.json',
      'SSH brute force against production hosts',
      'high',
      stableFingerprint('splunk', {
        search_name: 'SSH brute force against production hosts',
        host: 'web-01.example.com',
        src: '198.51.100.7',
        user: 'admin',
      }),
    ],
  ])(
    'accepts %s: 202, stored with its title, severity and fingerprint; a repeat counts up',
    async (file, title, severity, fingerprint) => {
      await h.expectStoredThenCounted('splunk', file, { title, severity, status: 'firing', fingerprint });
    },
  );

  it('counts the docs example sent from another host as the same unsaved-search alert', async () => {
    const before = h.alerts('splunk').length;
    expect((await h.postFixture('splunk', 'unsaved-search.json')).status).toBe(202);
    expect(h.alerts('splunk')).toHaveLength(before);
    expect(h.alerts('splunk').find((a) => a.title === 'Splunk alert')?.receivedCount).toBe(3);
  });

  it('accepts result values as numbers and a body without owner, app or link', async () => {
    const res = await h.post('splunk', {
      sid: 'scheduler__admin__search__RMD5aa_at_1795512000_1',
      search_name: 'Disk full',
      result: { host: 'db-02', free_pct: 0.5, severity: 'critical', count: 3 },
    });
    expect(res.status).toBe(202);
    expect(h.alerts('splunk').at(-1)).toMatchObject({
      title: 'Disk full',
      severity: 'critical',
      normalized: { asset: { host: 'db-02' } },
    });
  });

  it('rejects a body with no usable title, naming the fields it looked for', async () => {
    const before = h.alerts('splunk').length;
    const lookedFor = [
      'search_name',
      'result.rule_name',
      'result.rule_title',
      'result.signature',
      'result.title',
      'sid',
    ];
    for (const body of [
      {},
      { result: { count: '8' }, owner: 'admin', app: 'search' },
      { search_name: null, sid: '', results_link: 'http://splunk.example.com:8000/' },
    ]) {
      const res = await h.post('splunk', body);
      expect(res.status).toBe(422);
      expect(res.json).toMatchObject({ ok: false, lookedFor });
      for (const field of lookedFor) expect(res.json.error).toContain(field);
    }
    expect(h.alerts('splunk')).toHaveLength(before);
  });
});

// Splunk's built-in webhook alert action takes a URL and nothing else (no headers), so outside the sandbox the secret
// has to travel in that URL; this is the request Splunk really makes, to a Slack-mode warroom with secrets configured.
describe("Splunk's built-in webhook action (URL only) in Slack mode", () => {
  const SECRET = 'whsec-splunk-0123456789abcdef';
  let h: SlackHarness;
  beforeAll(async () => {
    h = await startSlackHarness({ WEBHOOK_SECRET_SPLUNK: SECRET, WEBHOOK_SECRET_FALCO: SECRET });
  });
  afterAll(() => h?.stop());

  const docsExample = readFileSync(
    new URL('../../fixtures/alerts/splunk/docs-example-10.0.json', import.meta.url),
    'utf8',
  );
  const send = async (path: string, headers: Record<string, string> = {}, body = docsExample) =>
    (
      await fetch(`${h.app.url}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body,
      })
    ).status;
  const stored = () =>
    (h.app.database.sqlite.prepare("select count(*) n from alert_inbox where source = 'splunk'").get() as { n: number })
      .n;

  it('accepts the secret as ?token= in the webhook URL, and stores the alert', async () => {
    expect(await send(`/webhooks/alerts/splunk?token=${SECRET}`)).toBe(202);
    expect(stored()).toBe(1);
    await expect
      .poll(
        () =>
          h.app.store.alerts.latest(
            'splunk',
            stableFingerprint('splunk', { search_name: null, host: null, src: null, user: null }),
          )?.title,
      )
      .toBe('Splunk alert');
  });

  it('refuses a wrong, empty, repeated or missing token, and a wrong header beside a right token', async () => {
    const before = stored();
    for (const path of [
      '/webhooks/alerts/splunk?token=wrong',
      '/webhooks/alerts/splunk?token=',
      `/webhooks/alerts/splunk?token=wrong&token=${SECRET}`,
      '/webhooks/alerts/splunk',
    ]) {
      expect(await send(path)).toBe(401);
    }
    expect(await send(`/webhooks/alerts/splunk?token=${SECRET}`, { authorization: 'Bearer wrong' })).toBe(401);
    expect(stored()).toBe(before);
  });

  it('takes the token only where the sender cannot set a header: other bearer sources still need Authorization', async () => {
    const falco = readFileSync(new URL('../../fixtures/alerts/falco/terminal-shell.json', import.meta.url), 'utf8');
    expect(await send(`/webhooks/alerts/falco?token=${SECRET}`, {}, falco)).toBe(401);
    expect(await send('/webhooks/alerts/falco', { authorization: `Bearer ${SECRET}` }, falco)).toBe(202);
  });
});

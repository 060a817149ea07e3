import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { NormalizedAlert } from '../../../src/alerts/normalized-alert.js';
import { NoAlertTitleError } from '../../../src/alerts/no-alert-title-error.js';
import { sentrySource } from '../../../src/alerts/sources/sentry.js';
import { useAlertRouteHarness } from '../../support/alert-route-harness.js';

type Json = Record<string, unknown>;
interface EventAlert {
  data: { event: Json & { tags: Array<[string, string]> } };
}

const fixture = (name: string): Json & EventAlert =>
  JSON.parse(readFileSync(new URL(`../../fixtures/alerts/sentry/${name}`, import.meta.url), 'utf8'));
const ctx = { receivedAt: new Date('2026-11-24T09:13:00Z') };
const normalizeOne = (payload: unknown) => {
  const alerts = sentrySource.normalize(sentrySource.schema.parse(payload), ctx);
  expect(alerts).toHaveLength(1);
  for (const a of alerts) expect(NormalizedAlert.parse(a)).toEqual(a);
  return alerts[0] as NormalizedAlert;
};

describe('Sentry issue alert (event_alert) webhook', () => {
  it('declares the documented signature header', () => {
    expect(sentrySource.auth).toEqual({
      kind: 'hmac-sha256',
      header: 'sentry-hook-signature',
      prefix: '',
      encoding: 'hex',
    });
  });

  it('maps a backend error event', () => {
    expect(normalizeOne(fixture('event-alert-backend.json'))).toEqual({
      source: 'sentry',
      externalId: '5820417733',
      fingerprint: '5820417733',
      title: 'PaymentGatewayTimeout: gateway psp-eu did not answer within 10s',
      description:
        'Culprit: checkout.payments.capture in charge_card\nAlert rule: Checkout: unhandled errors in production',
      severity: 'high',
      status: 'firing',
      service: 'checkout-api',
      asset: { host: 'checkout-1.prod.example.com', ip: null, cloudResource: null, user: null },
      labels: {
        environment: 'production',
        handled: 'no',
        level: 'error',
        mechanism: 'django',
        release: 'checkout@2026.11.24-1',
        runtime: 'CPython 3.12.7',
        'runtime.name': 'CPython',
        server_name: 'checkout-1.prod.example.com',
        transaction: '/api/checkout/confirm',
        url: 'https://shop.example.com/api/checkout/confirm',
        sentry_project: 'checkout-api',
        sentry_rule: 'Checkout: unhandled errors in production',
      },
      links: [
        { title: 'Sentry issue', url: 'https://sentry.io/organizations/example-org/issues/5820417733/' },
        {
          title: 'Sentry event',
          url: 'https://sentry.io/organizations/example-org/issues/5820417733/events/9f3c1b2a7d4e4f0a8b6c5d4e3f2a1b0c/',
        },
      ],
      startsAt: '2026-11-24T09:12:03.417Z',
      endsAt: null,
      attackTechniques: [],
    });
  });

  it('prefers a service tag over the project slug and has no host for browser events', () => {
    expect(normalizeOne(fixture('event-alert-browser.json'))).toMatchObject({
      fingerprint: '5820419001',
      severity: 'critical',
      service: 'storefront',
      asset: { host: null, ip: null, cloudResource: null, user: null },
      labels: expect.objectContaining({ sentry_project: 'storefront-web', 'browser.name': 'Chrome' }),
      startsAt: '2026-11-24T09:20:41.052Z',
    });
  });

  it('keeps one fingerprint per issue across events and rules', () => {
    const again = fixture('event-alert-backend.json') as Json & EventAlert & { data: { triggered_rule: string } };
    again.data.event.event_id = '0c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f';
    again.data.triggered_rule = 'Checkout: any error';
    expect(normalizeOne(again).fingerprint).toBe(normalizeOne(fixture('event-alert-backend.json')).fingerprint);
  });

  it.each([
    ['fatal', 'critical'],
    ['error', 'high'],
    ['warning', 'medium'],
    ['info', 'info'],
    ['debug', 'info'],
    ['sample', 'high'],
    ['constructor', 'high'],
  ])('maps level %s to %s', (level, severity) => {
    const payload = fixture('event-alert-backend.json');
    payload.data.event.level = level;
    expect(normalizeOne(payload).severity).toBe(severity);
  });

  it('falls back to the epoch timestamp, then the receipt time; reads ATT&CK ids from technique tags', () => {
    const payload = fixture('event-alert-backend.json');
    delete payload.data.event.datetime;
    expect(normalizeOne(payload).startsAt).toBe('2026-11-24T09:12:03.417Z');
    delete payload.data.event.timestamp;
    payload.data.event.tags.push(['mitre.technique', 'T1190'], ['constructor', 'x']);
    const alert = normalizeOne(payload);
    expect(alert.startsAt).toBe('2026-11-24T09:13:00.000Z');
    expect(alert.attackTechniques).toEqual(['T1190']);
    expect(alert.labels.constructor).toBe('x');
  });

  it('accepts tags as an object, a numeric issue id, no installation; an issue without id is keyed by its title', () => {
    const objectTags = fixture('event-alert-backend.json');
    (objectTags.data.event as Json).tags = { environment: 'production', service: 'checkout' };
    delete (objectTags as Json).installation;
    expect(normalizeOne(objectTags)).toMatchObject({
      labels: { environment: 'production', service: 'checkout' },
      service: 'checkout',
    });

    const numeric = fixture('event-alert-backend.json');
    (numeric.data.event as Json).issue_id = 5820417733;
    expect(normalizeOne(numeric).fingerprint).toBe('5820417733');

    const missing = fixture('event-alert-backend.json');
    delete missing.data.event.issue_id;
    const alert = normalizeOne(missing);
    expect(alert.externalId).toBeNull();
    expect(alert.fingerprint).toMatch(/^[0-9a-f]{64}$/);
  });

  it('refuses only a body with neither a title nor an issue id, naming the fields it looked for', () => {
    expect(() => normalizeOne({ action: 'triggered', data: { event: { level: 'error' } } })).toThrow(NoAlertTitleError);
    expect(() => normalizeOne({})).toThrow(/looked for data\.event\.title, data\.event\.issue_id, /);
  });

  it('maps the legacy WebHooks plugin body to the same alert as the integration platform', () => {
    const legacy = normalizeOne(fixture('legacy-plugin.json'));
    const current = normalizeOne(fixture('event-alert-backend.json'));
    expect(legacy).toMatchObject({
      source: 'sentry',
      externalId: '5820417733',
      fingerprint: current.fingerprint,
      title: 'PaymentGatewayTimeout: gateway psp-eu did not answer within 10s',
      severity: 'high',
      status: 'firing',
      service: 'checkout',
      asset: { host: 'checkout-1.prod.example.com' },
      labels: {
        sentry_project: 'checkout',
        sentry_rule: 'Send a notification for high priority issues',
        environment: 'production',
      },
      links: [{ title: 'Sentry issue', url: 'https://example.sentry.io/issues/5820417733/?referrer=webhooks_plugin' }],
      startsAt: '2026-11-24T09:12:03.417Z',
    });
  });

  it('resolves the alert of an issue when an issue webhook says it was resolved', () => {
    const resolved = normalizeOne({
      action: 'resolved',
      installation: { uuid: '7a485448-a9e2-4c85-8a3c-4f44175783c9' },
      data: {
        issue: {
          id: '5820417733',
          title: 'PaymentGatewayTimeout: gateway psp-eu did not answer within 10s',
          project: { slug: 'checkout' },
          level: 'error',
        },
      },
      actor: { type: 'user', id: 1, name: 'Ada' },
    });
    expect(resolved).toMatchObject({
      status: 'resolved',
      fingerprint: normalizeOne(fixture('event-alert-backend.json')).fingerprint,
      endsAt: '2026-11-24T09:13:00.000Z',
    });
  });

  it("marks the rule editor's test notification as a test", () => {
    expect(normalizeOne(fixture('test-notification.json'))).toMatchObject({
      test: true,
      title: 'This is an example Python exception',
    });
    expect(normalizeOne(fixture('event-alert-backend.json')).test).toBeUndefined();
  });
});

describe('Sentry metric alerts (Sentry-Hook-Resource: metric_alert) through POST /webhooks/alerts/sentry', () => {
  const h = useAlertRouteHarness();

  it('opens one alert per metric alert incident, named after the rule, that warning and resolved update', async () => {
    const critical = await h.postFixture('sentry', 'metric-alert-critical.json');
    expect(critical.status).toBe(202);
    const [opened] = h.alerts('sentry');
    expect(opened).toMatchObject({
      title: 'Checkout errors above 1000 in 10 minutes',
      severity: 'critical',
      status: 'firing',
      service: 'checkout',
      fingerprint: 'metric_alert:812',
    });
    expect(opened?.normalized).toMatchObject({
      description: '1240 events in the last 10 minutes\\nFilter: level:error',
      labels: {
        sentry_alert: 'metric',
        sentry_project: 'checkout',
        sentry_rule: 'Checkout errors above 1000 in 10 minutes',
      },
      links: [
        { title: 'Sentry metric alert', url: 'https://sentry.io/organizations/example-org/alerts/rules/details/31/' },
      ],
      startsAt: '2026-11-24T09:11:00.000Z',
    });

    const warning = { ...fixtureOf('metric-alert-critical.json'), action: 'warning' };
    expect((await h.post('sentry', warning)).status).toBe(202);
    expect((await h.postFixture('sentry', 'metric-alert-resolved.json')).status).toBe(202);
    const alerts = h.alerts('sentry');
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ fingerprint: 'metric_alert:812', status: 'resolved', receivedCount: 3 });
    expect(normalizeOne(fixtureOf('metric-alert-resolved.json'))).toMatchObject({
      status: 'resolved',
      endsAt: '2026-11-24T09:40:00.000Z',
    });
  });

  it('still refuses a metric alert that names neither its rule nor its incident, saying what it looked for', async () => {
    const res = await h.post('sentry', { action: 'critical', data: { metric_alert: { alert_rule: {} } } });
    expect(res.status).toBe(422);
    expect(res.json.lookedFor).toEqual(
      expect.arrayContaining(['data.metric_alert.alert_rule.name', 'data.description_title', 'data.metric_alert.id']),
    );
  });
});

function fixtureOf(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(new URL(`../../fixtures/alerts/sentry/${name}`, import.meta.url), 'utf8')) as Record<
    string,
    unknown
  >;
}

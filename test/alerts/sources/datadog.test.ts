import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { NormalizedAlert } from '../../../src/alerts/normalized-alert.js';
import { NoAlertTitleError } from '../../../src/alerts/no-alert-title-error.js';
import { datadogSource } from '../../../src/alerts/sources/datadog.js';

const fixture = (name: string): Record<string, unknown> =>
  JSON.parse(readFileSync(new URL(`../../fixtures/alerts/datadog/${name}`, import.meta.url), 'utf8'));
const ctx = { receivedAt: new Date('2026-11-24T09:13:00Z') };
const normalizeOne = (payload: unknown) => {
  const alerts = datadogSource.normalize(datadogSource.schema.parse(payload), ctx);
  expect(alerts).toHaveLength(1);
  for (const a of alerts) expect(NormalizedAlert.parse(a)).toEqual(a);
  return alerts[0] as NormalizedAlert;
};

describe('Datadog webhook (warroom payload template)', () => {
  it('maps a triggered monitor notification', () => {
    expect(normalizeOne(fixture('triggered.json'))).toEqual({
      source: 'datadog',
      externalId: '148213376',
      // stableFingerprint('datadog', { alert_id, sorted scope }): pinned so a recipe change cannot slip through.
      fingerprint: 'f2a270c243073dbb9494f47865dce3f90fa585d569530a76326670b383b09e9d',
      title: 'Checkout API 5xx ratio above 5%',
      description:
        '@webhook-warroom 5xx ratio on **checkout-1.prod.example.com** is 7.2% (threshold 5%).\n\nRunbook: https://runbooks.example.com/checkout/high-error-rate\n\nThe monitor was last triggered at Tue Nov 24 2026 09:12:03 UTC.\n\n- - -\n\n[[Monitor Status](https://app.datadoghq.com/monitors/148213376?group=host%3Acheckout-1.prod.example.com%2Cservice%3Acheckout&from_ts=1795510623000&to_ts=1795511823000&event_id=7926411785432150718)] · [[Edit Monitor](https://app.datadoghq.com/monitors/148213376/edit)]',
      severity: 'critical',
      status: 'firing',
      service: 'checkout',
      asset: { host: 'checkout-1.prod.example.com', ip: null, cloudResource: null, user: null },
      labels: {
        env: 'prod',
        host: 'checkout-1.prod.example.com',
        monitor: '',
        service: 'checkout',
        team: 'payments',
        datadog_monitor_id: '148213376',
        datadog_transition: 'Triggered',
      },
      links: [{ title: 'Datadog', url: 'https://app.datadoghq.com/event/event?id=7926411785432150718' }],
      startsAt: '2026-11-24T09:12:03.000Z',
      endsAt: null,
      attackTechniques: [],
    });
  });

  it('maps Recovered to resolved with the same fingerprint, whatever the scope order', () => {
    const firing = normalizeOne(fixture('triggered.json'));
    const resolved = normalizeOne(fixture('recovered.json'));
    expect(resolved).toMatchObject({
      status: 'resolved',
      fingerprint: firing.fingerprint,
      title: 'Checkout API 5xx ratio above 5%',
      startsAt: null,
      endsAt: '2026-11-24T09:41:33.000Z',
      // The monitor priority outranks alert_type "success".
      severity: 'critical',
    });
  });

  it('keeps Warn, No Data and Re-Triggered firing; another scope is another alert', () => {
    for (const transition of ['Warn', 'No Data', 'Re-Triggered', 'Renotify']) {
      expect(normalizeOne({ ...fixture('triggered.json'), alert_transition: transition }).status).toBe('firing');
    }
    const other = normalizeOne({
      ...fixture('triggered.json'),
      scope: 'host:checkout-2.prod.example.com, service:checkout',
    });
    expect(other.fingerprint).not.toBe(normalizeOne(fixture('triggered.json')).fingerprint);
    expect(other.asset.host).toBe('checkout-2.prod.example.com');
  });

  it.each([
    ['P1', 'error', 'critical'],
    ['P2', 'error', 'high'],
    ['P3', 'error', 'medium'],
    ['P4', 'error', 'low'],
    ['P5', 'error', 'info'],
    ['', 'error', 'high'],
    ['', 'warning', 'medium'],
    ['', 'info', 'info'],
    ['', 'success', 'info'],
    ['', '', 'medium'],
    ['P9', 'unknown', 'medium'],
    ['constructor', 'toString', 'medium'],
  ])('maps alert_priority %j with alert_type %j to %s', (alert_priority, alert_type, severity) => {
    expect(normalizeOne({ ...fixture('triggered.json'), alert_priority, alert_type }).severity).toBe(severity);
  });

  it('copes with a trimmed template: numbers for ids and date, no scope, tags or host', () => {
    const alert = normalizeOne({
      id: 4211837,
      alert_id: 148213376,
      title: '[Triggered] Disk almost full',
      alert_transition: 'Triggered',
      date: 1795511523000,
      hostname: '',
    });
    expect(alert).toMatchObject({
      externalId: '148213376',
      title: 'Disk almost full',
      description: null,
      severity: 'medium',
      service: null,
      asset: { host: null, ip: null, cloudResource: null, user: null },
      links: [],
      startsAt: '2026-11-24T09:12:03.000Z',
    });
  });

  it('falls back to the receipt time without a date and finds ATT&CK ids in technique tags', () => {
    const alert = normalizeOne({
      ...fixture('triggered.json'),
      date: '',
      tags: 'source:cloud-siem,tactic:TA0006-credential-access,technique:T1110-brute-force,constructor:x,__proto__:y',
    });
    expect(alert.startsAt).toBe('2026-11-24T09:13:00.000Z');
    expect(alert.attackTechniques).toEqual(['T1110']);
    expect(Object.entries(alert.labels)).toContainEqual(['constructor', 'x']);
    expect(Object.keys(alert.labels)).not.toContain('__proto__');
  });

  it('accepts edited templates: tags as an array, an odd org, no transition (firing), extra fields', () => {
    const arrayTags = normalizeOne({ ...fixture('triggered.json'), tags: ['env:prod', 'service:checkout'] });
    expect(arrayTags.labels).toMatchObject({ env: 'prod', service: 'checkout' });
    expect(
      normalizeOne({ ...fixture('triggered.json'), org: { id: 204911, name: 42 }, extra: { nested: true } }).title,
    ).toBe('Checkout API 5xx ratio above 5%');
    const { alert_transition: _, ...noTransition } = fixture('triggered.json');
    expect(normalizeOne({ ...noTransition, title: 'Checkout API 5xx ratio above 5%' })).toMatchObject({
      status: 'firing',
      labels: { datadog_transition: 'Triggered' },
    });
  });

  it('refuses only a body with no title and no id, naming the fields it looked for', () => {
    expect(() => normalizeOne({ body: 'something', org: { id: '1' } })).toThrow(NoAlertTitleError);
    expect(() => normalizeOne({})).toThrow(
      /looked for title \(\$EVENT_TITLE\), alert_title \(\$ALERT_TITLE\), alert_id \(\$ALERT_ID\), aggreg_key \(\$AGGREG_KEY\), id \(\$ID\)/,
    );
  });
});

describe("Datadog webhook (Datadog's default payload template)", () => {
  it('maps the default payload: title, transition and group from $EVENT_TITLE, priority from its [P1]', () => {
    expect(normalizeOne(fixture('default-template.json'))).toMatchObject({
      source: 'datadog',
      externalId: '7926411785432150718',
      title: 'Checkout API 5xx ratio above 5%',
      severity: 'critical',
      status: 'firing',
      asset: { host: 'checkout-1.prod.example.com' },
      labels: { host: 'checkout-1.prod.example.com', datadog_transition: 'Triggered' },
      startsAt: '2026-11-24T09:12:03.000Z',
      endsAt: null,
    });
  });

  it('matches the recovery to its trigger although every notification has a new $ID', () => {
    const firing = normalizeOne(fixture('default-template.json'));
    const recovered = normalizeOne(fixture('default-template-recovered.json'));
    expect(recovered).toMatchObject({
      status: 'resolved',
      fingerprint: firing.fingerprint,
      endsAt: '2026-11-24T09:31:33.000Z',
      startsAt: null,
    });
    const otherHost = normalizeOne({
      ...fixture('default-template.json'),
      title: '[Triggered on {host:checkout-2.prod.example.com}] Checkout API 5xx ratio above 5%',
    });
    expect(otherHost.fingerprint).not.toBe(firing.fingerprint);
  });

  it.each([
    ['Re-Triggered', 'firing'],
    ['Warn', 'firing'],
    ['Re-Warn', 'firing'],
    ['No Data', 'firing'],
    ['Re-No Data', 'firing'],
    ['Renotify', 'firing'],
    ['Recovered', 'resolved'],
  ])('reads the title prefix [%s] as %s', (word, status) => {
    const alert = normalizeOne({
      ...fixture('default-template.json'),
      title: `[${word} on {host:checkout-1.prod.example.com}] Checkout API 5xx ratio above 5%`,
    });
    expect(alert).toMatchObject({
      status,
      title: 'Checkout API 5xx ratio above 5%',
      labels: { datadog_transition: word },
    });
  });

  it('reads the transition from $EVENT_TYPE or $ALERT_TYPE when a template puts it there', () => {
    expect(
      normalizeOne({ ...fixture('default-template.json'), title: 'Checkout API 5xx', event_type: 'Recovered' }).status,
    ).toBe('resolved');
    expect(
      normalizeOne({ ...fixture('default-template.json'), title: 'Checkout API 5xx', alert_type: 'success' }).status,
    ).toBe('resolved');
    expect(normalizeOne({ ...fixture('default-template.json'), title: 'Checkout API 5xx' }).status).toBe('firing');
  });

  it('maps a custom template with extra fields, its monitor id and scope', () => {
    expect(normalizeOne(fixture('custom-template.json'))).toMatchObject({
      externalId: '148219001',
      title: 'Disk almost full',
      severity: 'medium',
      status: 'firing',
      asset: { host: 'build-3' },
      labels: { env: 'ci', team: 'platform', datadog_monitor_id: '148219001', datadog_transition: 'Warn' },
    });
  });

  it("marks a monitor's [TEST] notification as a test", () => {
    expect(normalizeOne(fixture('test-notification.json'))).toMatchObject({
      test: true,
      title: 'Checkout API 5xx ratio above 5%',
      severity: 'critical',
      status: 'firing',
    });
    expect(normalizeOne(fixture('default-template.json')).test).toBeUndefined();
  });
});

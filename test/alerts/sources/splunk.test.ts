import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { NormalizedAlert } from '../../../src/alerts/normalized-alert.js';
import { splunkSource } from '../../../src/alerts/sources/splunk.js';
import { stableFingerprint } from '../../../src/alerts/stable-fingerprint.js';

const raw = (name: string): unknown => JSON.parse(readFileSync(new URL(`../../fixtures/alerts/splunk/${name}`, import.meta.url), 'utf8'));
/** A typed, parsed copy to tweak; normalize re-validates it. */
const fixture = (name: string) => splunkSource.schema.parse(raw(name));
const ctx = { receivedAt: new Date('2026-11-24T09:13:00Z') };
const normalize = (payload: unknown): NormalizedAlert[] => splunkSource.normalize(splunkSource.schema.parse(payload), ctx);

describe('Splunk webhook alert payload', () => {
  it('parses every fixture into valid normalized alerts', () => {
    for (const name of ['ssh-brute-force.json', 'unsaved-search.json']) {
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
      description: '57 failed SSH logins from 198.51.100.7 against web-01.example.com in 5 minutes (users tried: admin, root, oracle).',
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

  it('rejects wrong types and missing fields, naming the field', () => {
    const wrongType = fixture('ssh-brute-force.json');
    (wrongType.result as Record<string, unknown>).count = 57;
    expect(splunkSource.schema.safeParse(wrongType).error?.issues[0]?.path).toEqual(['result', 'count']);

    const missing = fixture('ssh-brute-force.json');
    delete (missing as { sid?: string }).sid;
    expect(splunkSource.schema.safeParse(missing).error?.issues[0]?.path).toEqual(['sid']);

    // search_name must be present (null for unsaved searches), not silently absent.
    const noName = fixture('ssh-brute-force.json');
    delete (noName as { search_name?: string | null }).search_name;
    expect(splunkSource.schema.safeParse(noName).error?.issues[0]?.path).toEqual(['search_name']);
  });
});

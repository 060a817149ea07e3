import { describe, expect, it } from 'vitest';
import { flatLabels, mapSeverity, safeLinks, toIsoUtc } from '../../src/alerts/alert-mapping-helpers.js';

describe('alert mapping helpers', () => {
  it('toIsoUtc reads epoch seconds, milliseconds, offsets and zoneless times as UTC', () => {
    expect(toIsoUtc(1795561200)).toBe('2026-11-24T23:00:00.000Z');
    expect(toIsoUtc('1795561200000')).toBe('2026-11-24T23:00:00.000Z');
    expect(toIsoUtc('2026-11-24T09:12:03+02:00')).toBe('2026-11-24T07:12:03.000Z');
    expect(toIsoUtc('2026-11-24 09:12:03')).toBe('2026-11-24T09:12:03.000Z');
    expect(toIsoUtc('0001-01-01T00:00:00Z')).toBeNull();
    expect(toIsoUtc('+010000-01-01T00:00:00Z')).toBeNull();
    expect(toIsoUtc('yesterday')).toBeNull();
  });

  it('mapSeverity ignores inherited object keys', () => {
    expect(mapSeverity('constructor', { critical: 'critical' }, 'medium')).toBe('medium');
    expect(mapSeverity('__proto__', { critical: 'critical' }, 'low')).toBe('low');
    expect(mapSeverity('CRITICAL', { critical: 'critical' }, 'low')).toBe('critical');
  });

  it('safeLinks keeps only valid http(s) URLs and clips titles', () => {
    const links = safeLinks([
      { title: 'ok', url: 'https://grafana.example.com/d/abc?orgId=1' },
      { title: 'js', url: 'javascript:alert(1)' },
      { title: 'bad', url: 'https://%%%' },
      { title: 'x'.repeat(300), url: 'http://example.com/' },
      { title: 'none', url: null },
    ]);
    expect(links.map((l) => l.url)).toEqual(['https://grafana.example.com/d/abc?orgId=1', 'http://example.com/']);
    expect(links[1]?.title).toHaveLength(200);
  });

  it('flatLabels keeps scalars, bounds size, and treats __proto__ as data it drops', () => {
    const labels = flatLabels(
      JSON.parse(
        '{"a":"x","n":3,"b":true,"o":{"x":1},"__proto__":{"polluted":"yes"},"long":"' + 'v'.repeat(2000) + '"}',
      ) as Record<string, unknown>,
    );
    expect(Object.keys(labels)).toEqual(['a', 'n', 'b', 'long']);
    expect(labels.long).toHaveLength(1000);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(
      Object.keys(flatLabels(Object.fromEntries(Array.from({ length: 150 }, (_, i) => [`k${i}`, 'v'])))),
    ).toHaveLength(100);
  });
});

describe('attackTechniquesIn', () => {
  it('finds technique ids in any case and glued to underscores, normalised and de-duplicated', async () => {
    const { attackTechniquesIn } = await import('../../src/alerts/alert-mapping-helpers.js');
    expect(
      attackTechniquesIn('uses T1059.001 then t1078', ['mitre_T1110_003', 'T1059.001', 'TA0003', 'T10599']),
    ).toEqual(['T1059.001', 'T1078', 'T1110.003']);
  });
});

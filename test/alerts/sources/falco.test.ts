import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { NormalizedAlert } from '../../../src/alerts/normalized-alert.js';
import { falcoSource } from '../../../src/alerts/sources/falco.js';
import { stableFingerprint } from '../../../src/alerts/stable-fingerprint.js';
import { useAlertRouteHarness } from '../../support/alert-route-harness.js';

const raw = (name: string): unknown =>
  JSON.parse(readFileSync(new URL(`../../fixtures/alerts/falco/${name}`, import.meta.url), 'utf8'));
/** A typed, parsed copy to tweak; normalize re-validates it. */
const fixture = (name: string) => falcoSource.schema.parse(raw(name));
const ctx = { receivedAt: new Date('2026-11-24T09:12:04Z') };
const normalize = (payload: unknown): NormalizedAlert[] =>
  falcoSource.normalize(falcoSource.schema.parse(payload), ctx);

describe('Falco event via the falcosidekick webhook output', () => {
  it('parses every fixture into valid normalized alerts', () => {
    for (const name of ['terminal-shell.json', 'drop-and-execute.json']) {
      const alerts = normalize(raw(name));
      expect(alerts).toHaveLength(1);
      for (const a of alerts) expect(NormalizedAlert.parse(a)).toEqual(a);
    }
  });

  it('maps a Kubernetes event: the pod as the resource, the rule as the title, techniques from tags', () => {
    const [alert] = normalize(raw('terminal-shell.json'));
    expect(alert).toEqual({
      source: 'falco',
      externalId: '5d3f2a1e-8c7b-4e6d-9a0f-1b2c3d4e5f60',
      fingerprint: stableFingerprint('falco', {
        rule: 'Terminal shell in container',
        hostname: 'ip-10-0-3-17.ec2.internal',
        namespace: 'shop',
        pod: 'checkout-7d9f8b6c5d-x2k4q',
        container: null,
      }),
      title: 'Terminal shell in container',
      description:
        '09:12:03.417512345: Notice A shell was spawned in a container with an attached terminal | evt_type=execve user=root user_uid=0 user_loginuid=-1 process=bash proc_exepath=/usr/bin/bash parent=containerd-shim command=bash terminal=34816 exe_flags=EXE_WRITABLE|EXE_LOWER_LAYER container_id=3ad7b26b7f4c container_name=checkout container_image_repository=registry.example.com/shop/checkout container_image_tag=2.14.1 k8s_pod_name=checkout-7d9f8b6c5d-x2k4q k8s_ns_name=shop',
      severity: 'low',
      status: 'firing',
      service: null,
      asset: {
        host: 'ip-10-0-3-17.ec2.internal',
        ip: null,
        cloudResource: 'shop/checkout-7d9f8b6c5d-x2k4q',
        user: 'root',
      },
      labels: {
        rule: 'Terminal shell in container',
        priority: 'Notice',
        source: 'syscall',
        tags: 'T1059,container,maturity_stable,mitre_execution,shell',
        'k8s.ns.name': 'shop',
        'k8s.pod.name': 'checkout-7d9f8b6c5d-x2k4q',
        'container.id': '3ad7b26b7f4c',
        'container.name': 'checkout',
        'container.image.repository': 'registry.example.com/shop/checkout',
        'proc.name': 'bash',
      },
      links: [],
      startsAt: '2026-11-24T09:12:03.417Z',
      endsAt: null,
      attackTechniques: ['T1059'],
    });
  });

  it('maps a plain-container event: the container as the resource, service from a customfield, tactic tags ignored', () => {
    const [alert] = normalize(raw('drop-and-execute.json'));
    expect(alert).toMatchObject({
      severity: 'critical',
      service: 'payments',
      asset: { host: 'docker-07.example.com', ip: null, cloudResource: '9e8d7c6b5a41', user: 'www-data' },
      fingerprint: stableFingerprint('falco', {
        rule: 'Drop and execute new binary in container',
        hostname: 'docker-07.example.com',
        namespace: null,
        pod: null,
        container: '9e8d7c6b5a41',
      }),
      attackTechniques: [],
    });
  });

  it('keeps the fingerprint when the pod’s container restarts, and treats container.id "host" as no container', () => {
    const restarted = fixture('terminal-shell.json');
    restarted.output_fields = { ...restarted.output_fields, 'container.id': '7f0e1d2c3b4a' };
    restarted.uuid = '0c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f';
    expect(normalize(restarted)[0]?.fingerprint).toBe(normalize(raw('terminal-shell.json'))[0]?.fingerprint);

    const onHost = fixture('drop-and-execute.json');
    onHost.output_fields = { ...onHost.output_fields, 'container.id': 'host', 'user.name': '<NA>' };
    expect(normalize(onHost)[0]?.asset).toEqual({
      host: 'docker-07.example.com',
      ip: null,
      cloudResource: null,
      user: null,
    });
  });

  it.each([
    ['Emergency', 'critical'],
    ['Alert', 'critical'],
    ['Critical', 'critical'],
    ['Error', 'high'],
    ['Warning', 'medium'],
    ['Notice', 'low'],
    ['Informational', 'info'],
    ['Debug', 'info'],
    ['warning', 'medium'],
    ['constructor', 'medium'],
  ])('priority %s maps to %s', (priority, expected) => {
    const payload = fixture('terminal-shell.json');
    payload.priority = priority;
    expect(normalize(payload)[0]?.severity).toBe(expected);
  });

  it('accepts Falco’s own http_output (no uuid, tags or hostname)', () => {
    const bare = raw('terminal-shell.json') as Record<string, unknown>;
    delete bare.uuid;
    delete bare.tags;
    delete bare.hostname;
    expect(normalize(bare)[0]).toMatchObject({ externalId: null, attackTechniques: [], asset: { host: null } });
  });

  it.each([
    [5, 'high'],
    [1, 'info'],
    ['8', 'critical'],
    [0, 'medium'],
  ])('a numeric priority %s (falcosidekick PriorityType) maps to %s', (priority, expected) => {
    expect(normalize({ ...(raw('terminal-shell.json') as object), priority })[0]?.severity).toBe(expected);
  });

  it('reads the time as epoch nanoseconds, or from evt.time when it is missing', () => {
    const ns = { ...(raw('terminal-shell.json') as object), time: 1795511523417512345 };
    expect(normalize(ns)[0]?.startsAt).toBe('2026-11-24T09:12:03.417Z');
    const none = raw('drop-and-execute.json') as Record<string, unknown>;
    delete none.time;
    expect(normalize(none)[0]?.startsAt).toBe('2026-11-24T10:02:47.120Z');
  });

  it('takes the title from the output line when the rule is missing, and tolerates odd types', () => {
    const [alert] = normalize({
      output: '16:31:56.746609046: Error File below a known binary directory opened for writing (user=root)',
      tags: 'T1059,container',
      output_fields: 'x',
    });
    expect(alert).toMatchObject({
      title: 'File below a known binary directory opened for writing (user=root)',
      severity: 'medium',
      attackTechniques: ['T1059'],
    });
  });
});

describe('Falco events through POST /webhooks/alerts/falco', () => {
  const h = useAlertRouteHarness();

  // Falco's documented JSON output (2017: no source, tags, hostname or uuid), today's falcosidekick payloads, and
  // falcosidekick's own test event (output_fields null).
  it.each([
    [
      'falco-json-output-2017.json',
      'Write below binary dir',
      'high',
      stableFingerprint('falco', {
        rule: 'Write below binary dir',
        hostname: null,
        namespace: null,
        pod: null,
        container: null,
      }),
    ],
    [
      'terminal-shell.json',
      'Terminal shell in container',
      'low',
      stableFingerprint('falco', {
        rule: 'Terminal shell in container',
        hostname: 'ip-10-0-3-17.ec2.internal',
        namespace: 'shop',
        pod: 'checkout-7d9f8b6c5d-x2k4q',
        container: null,
      }),
    ],
    [
      'drop-and-execute.json',
      'Drop and execute new binary in container',
      'critical',
      stableFingerprint('falco', {
        rule: 'Drop and execute new binary in container',
        hostname: 'docker-07.example.com',
        namespace: null,
        pod: null,
        container: '9e8d7c6b5a41',
      }),
    ],
    [
      'falcosidekick-test-event.json',
      'Test rule',
      'info',
      stableFingerprint('falco', { rule: 'Test rule', hostname: null, namespace: null, pod: null, container: null }),
    ],
  ])(
    'accepts %s: 202, stored with its title, severity and fingerprint; a repeat counts up',
    async (file, title, severity, fingerprint) => {
      await h.expectStoredThenCounted('falco', file, { title, severity, status: 'firing', fingerprint });
    },
  );

  it('shows falcosidekick’s test event in triage', () => {
    expect(h.alerts('falco').find((a) => a.title === 'Test rule')).toMatchObject({
      triage: 'pending',
      severity: 'info',
    });
  });

  it('keeps the 2017 event’s start time and user', () => {
    const old = h.alerts('falco').find((a) => a.title === 'Write below binary dir');
    expect(old?.normalized).toMatchObject({
      startsAt: '2017-10-09T23:31:56.746Z',
      asset: { host: null, user: 'root' },
      externalId: null,
    });
  });

  it('rejects a body with no usable title, naming the fields it looked for', async () => {
    const before = h.alerts('falco').length;
    for (const body of [
      {},
      { priority: 'Warning', output_fields: { 'proc.name': 'bash' } },
      { rule: '  ', output: null },
    ]) {
      const res = await h.post('falco', body);
      expect(res.status).toBe(422);
      expect(res.json).toMatchObject({ ok: false, lookedFor: ['rule', 'output'] });
      expect(res.json.error).toMatch(/"?rule"?.*"?output"?/);
    }
    expect(h.alerts('falco')).toHaveLength(before);
  });
});

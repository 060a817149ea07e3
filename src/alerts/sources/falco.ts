import { z } from 'zod';
import type { AlertSource } from '../alert-source.js';
import { stableFingerprint } from '../stable-fingerprint.js';
import { attackTechniquesIn, clip, mapSeverity, toIsoUtc } from '../alert-mapping-helpers.js';
import type { AlertSeverity, NormalizedAlert } from '../normalized-alert.js';

/**
 * Falco event as posted by falcosidekick's Webhook output: its `FalcoPayload` (falcosidekick types/types.go: uuid,
 * output, priority, rule, time, output_fields, source, tags, hostname), i.e. Falco's JSON output plus the `uuid`
 * falcosidekick adds. `webhook.customheaders` sets `Authorization: Bearer <secret>`, hence bearer auth.
 * `uuid`, `tags` and `hostname` are optional there (omitempty), and absent when Falco's own http_output posts directly.
 * falcosidekick's `customfields` land in `output_fields`; a `service` custom field names the service.
 */
const FalcoPayload = z.object({
  uuid: z.string().min(1).max(512).optional(),
  output: z.string(),
  priority: z.string().min(1),
  rule: z.string().min(1),
  time: z.string(),
  // Values are strings, numbers (evt.time in ns, uids), booleans or null (`<NA>` fields).
  output_fields: z.record(z.string(), z.unknown()),
  source: z.string().optional(),
  tags: z.array(z.string()).optional(),
  hostname: z.string().optional(),
});
type FalcoPayload = z.infer<typeof FalcoPayload>;

/** Vendor strings have no length limit; NormalizedAlert's do, and one long value must not lose the whole alert. */
const fit = (value: string | null | undefined, max: number): string | null => (value ? clip(value, max) : null);

/** Falco's eight priorities (syslog levels) onto ours. */
const PRIORITY: Record<string, AlertSeverity> = {
  emergency: 'critical',
  alert: 'critical',
  critical: 'critical',
  error: 'high',
  warning: 'medium',
  notice: 'low',
  informational: 'info',
  debug: 'info',
};

/** Output fields copied to labels: what says where it ran and what ran. */
const LABEL_FIELDS = ['k8s.ns.name', 'k8s.pod.name', 'container.id', 'container.name', 'container.image.repository', 'proc.name', 'fd.sip', 'fd.cip'];

export const falcoSource: AlertSource<FalcoPayload> = {
  id: 'falco',
  displayName: 'Falco (falcosidekick)',
  auth: { kind: 'bearer' },
  schema: FalcoPayload,
  normalize(payload, ctx): NormalizedAlert[] {
    const fields = payload.output_fields;
    /** Falco prints `<NA>` for fields it could not resolve; those are no value. */
    const field = (name: string): string | null => {
      const v = fields[name];
      return typeof v === 'string' && v && v !== '<NA>' ? v : null;
    };
    const ns = field('k8s.ns.name');
    const pod = field('k8s.pod.name');
    // Falco reports container.id "host" for processes outside any container.
    const containerId = field('container.id') === 'host' ? null : field('container.id');
    const labels: Record<string, string> = { rule: payload.rule, priority: payload.priority };
    if (payload.source) labels.source = payload.source;
    if (payload.tags?.length) labels.tags = payload.tags.join(',');
    for (const name of LABEL_FIELDS) {
      const v = fields[name];
      if (typeof v === 'number' || (typeof v === 'string' && v && v !== '<NA>')) labels[name] = String(v);
    }
    const description = payload.output.trim();
    return [
      {
        source: 'falco',
        externalId: payload.uuid ?? null,
        // A pod keeps its name across container restarts, so it is the identity when there is one; otherwise the container.
        fingerprint: stableFingerprint('falco', {
          rule: payload.rule,
          hostname: payload.hostname ?? null,
          namespace: ns,
          pod,
          container: pod ? null : containerId,
        }),
        title: clip(payload.rule, 300),
        description: description ? clip(description, 10_000) : null,
        // An unknown priority is not assumed harmless.
        severity: mapSeverity(payload.priority, PRIORITY, 'medium'),
        // Falco reports events, never their end.
        status: 'firing',
        service: fit(field('service'), 200),
        asset: {
          host: fit(payload.hostname, 255),
          ip: null,
          cloudResource: fit(pod ? `${ns ?? 'default'}/${pod}` : containerId, 2048),
          user: fit(field('user.name'), 255),
        },
        labels,
        links: [],
        startsAt: toIsoUtc(payload.time) ?? ctx.receivedAt.toISOString(),
        endsAt: null,
        // Rules tag techniques as "T1059" (and tactics as "mitre_execution" / "TA0002", which are not techniques).
        attackTechniques: attackTechniquesIn(payload.tags),
      },
    ];
  },
};

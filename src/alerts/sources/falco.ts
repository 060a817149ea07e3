import { z } from 'zod';
import type { AlertSource } from '../alert-source.js';
import { attackTechniquesIn, clip, mapSeverity, toIsoUtc } from '../alert-mapping-helpers.js';
import { numberOf, optionalText, optionalTime, textList, textMap } from '../lenient-fields.js';
import type { AlertSeverity, NormalizedAlert } from '../normalized-alert.js';
import { NoAlertTitleError } from '../no-alert-title-error.js';
import { stableFingerprint } from '../stable-fingerprint.js';

/**
 * Falco event as posted by falcosidekick's Webhook output: its `FalcoPayload` (falcosidekick types/types.go: uuid,
 * output, priority, rule, time, output_fields, source, tags, hostname), i.e. Falco's JSON output plus the `uuid`
 * falcosidekick adds. `webhook.customheaders` sets `Authorization: Bearer <secret>`, hence bearer auth.
 * Older Falco and falcosidekick versions send only `output`, `priority`, `rule`, `time` and `output_fields` (the
 * example of Falco's JSON output docs); `uuid`, `tags` and `hostname` are omitempty, and falcosidekick's own test
 * event ("Test rule", priority Debug) comes with `output_fields: null`. falcosidekick's `customfields` land in
 * `output_fields`; a `service` custom field names the service. Only the rule (or the output line) is required.
 */
const FalcoPayload = z.object({
  uuid: optionalText,
  output: optionalText,
  // A word ("Warning"), or falcosidekick's PriorityType number where it is not marshalled as text.
  priority: optionalText,
  rule: optionalText,
  // RFC 3339 with nanoseconds; also read as epoch seconds, milliseconds or nanoseconds.
  time: optionalTime,
  // Values are strings, numbers (evt.time in ns, uids), booleans or null (`<NA>` fields), read as text; null for a
  // test event.
  output_fields: textMap,
  source: optionalText,
  tags: textList,
  hostname: optionalText,
});
type FalcoPayload = z.infer<typeof FalcoPayload>;

const LOOKED_FOR = ['rule', 'output'];

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
  info: 'info',
  debug: 'info',
};

/** falcosidekick's PriorityType numbers (types/priority.go: Debug = 1 … Emergency = 8; 0 is "no priority"). */
const PRIORITY_NUMBER = ['', 'debug', 'informational', 'notice', 'warning', 'error', 'critical', 'alert', 'emergency'];

function severityOf(priority: string | undefined): AlertSeverity {
  const n = numberOf(priority);
  const word = n !== undefined && Number.isInteger(n) ? PRIORITY_NUMBER[n] : priority;
  // An unknown priority is not assumed harmless.
  return mapSeverity(word, PRIORITY, 'medium');
}

/** Falco's `time`, or `evt.time` (epoch nanoseconds) when it is missing. */
function startOf(time: string | number | undefined, evtTime: unknown): string | null {
  const epoch = typeof time === 'number' ? time : numberOf(evtTime);
  if (typeof time === 'string') return toIsoUtc(time);
  if (epoch === undefined) return null;
  // Past 1e14 it is micro- or nanoseconds (1e14 ms is the year 5138): scale down to milliseconds.
  let ms = epoch;
  while (ms > 1e14) ms /= 1000;
  return toIsoUtc(Math.floor(ms));
}

/** The text of an output line after Falco's "HH:MM:SS.nnnnnnnnn: Priority " prefix, for a body without a rule. */
const outputText = (output: string): string => output.replace(/^\d{2}:\d{2}:\d{2}(\.\d+)?:\s+\w+\s+/, '');

/** Output fields copied to labels: what says where it ran and what ran. */
const LABEL_FIELDS = [
  'k8s.ns.name',
  'k8s.pod.name',
  'container.id',
  'container.name',
  'container.image.repository',
  'proc.name',
  'fd.sip',
  'fd.cip',
];

export const falcoSource: AlertSource<FalcoPayload> = {
  id: 'falco',
  displayName: 'Falco (falcosidekick)',
  auth: { kind: 'bearer' },
  schema: FalcoPayload,
  normalize(payload, ctx): NormalizedAlert[] {
    const rule = payload.rule ?? (payload.output ? outputText(payload.output) : undefined);
    if (!rule) throw new NoAlertTitleError('Falco', LOOKED_FOR);
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
    const labels: Record<string, string> = { rule };
    if (payload.priority) labels.priority = payload.priority;
    if (payload.source) labels.source = payload.source;
    if (payload.tags.length) labels.tags = payload.tags.join(',');
    for (const name of LABEL_FIELDS) {
      const v = fields[name];
      if (v && v !== '<NA>') labels[name] = v;
    }
    return [
      {
        source: 'falco',
        externalId: fit(payload.uuid, 512),
        // A pod keeps its name across container restarts, so it is the identity when there is one; otherwise the container.
        fingerprint: stableFingerprint('falco', {
          rule,
          hostname: payload.hostname ?? null,
          namespace: ns,
          pod,
          container: pod ? null : containerId,
        }),
        title: clip(rule, 300),
        description: fit(payload.output, 10_000),
        // falcosidekick's test event is priority Debug: info, so it waits visibly in triage.
        severity: severityOf(payload.priority),
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
        startsAt: startOf(payload.time, fields['evt.time']) ?? ctx.receivedAt.toISOString(),
        endsAt: null,
        // Rules tag techniques as "T1059" (and tactics as "mitre_execution" / "TA0002", which are not techniques).
        attackTechniques: attackTechniquesIn(payload.tags),
      },
    ];
  },
};

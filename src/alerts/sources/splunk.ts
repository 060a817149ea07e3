import { isIP } from 'node:net';
import { z } from 'zod';
import type { AlertSource } from '../alert-source.js';
import { stableFingerprint } from '../stable-fingerprint.js';
import { attackTechniquesIn, clip, safeLinks, toIsoUtc } from '../alert-mapping-helpers.js';
import type { AlertSeverity, NormalizedAlert } from '../normalized-alert.js';

/**
 * Splunk Enterprise webhook alert payload, as in "Use a webhook alert action" (Splunk Alerting Manual, "Webhook data
 * payload"): `{ result, sid, results_link, search_name, owner, app }`, where `result` is the first result row and
 * `search_name` is null for searches that are not saved. Splunk's built-in webhook action cannot set headers, so this is
 * meant for a custom alert action that posts the same payload with `Authorization: Bearer <secret>` (hence bearer auth).
 * Result values are strings; multivalue fields arrive as arrays of strings.
 */
const SplunkPayload = z.object({
  result: z.record(z.string(), z.union([z.string(), z.array(z.string())])),
  sid: z.string().min(1).max(512),
  results_link: z.string(),
  search_name: z.string().nullable(),
  owner: z.string(),
  app: z.string(),
});
type SplunkPayload = z.infer<typeof SplunkPayload>;

/** Vendor strings have no length limit; NormalizedAlert's do, and one long value must not lose the whole alert. */
const fit = (value: string | null | undefined, max: number): string | null => (value ? clip(value, max) : null);

/** Splunk ES and CIM severity / urgency words (informational, low, medium, high, critical) plus common synonyms. */
const SEVERITY = new Map<string, AlertSeverity>([
  ['critical', 'critical'],
  ['high', 'high'],
  ['medium', 'medium'],
  ['low', 'low'],
  ['informational', 'info'],
  ['info', 'info'],
]);

/** Routing-relevant CIM fields copied to labels when the search returns them. */
const LABEL_FIELDS = ['src', 'dest', 'sourcetype', 'index', 'severity', 'urgency', 'signature', 'action'] as const;

export const splunkSource: AlertSource<SplunkPayload> = {
  id: 'splunk',
  displayName: 'Splunk',
  auth: { kind: 'bearer' },
  schema: SplunkPayload,
  normalize(payload, ctx): NormalizedAlert[] {
    const { result } = payload;
    /** Multivalue fields: the first value stands for the field. */
    const field = (name: string): string | null => {
      const v = result[name];
      return (Array.isArray(v) ? v[0] : v) || null;
    };
    const host = field('host') ?? field('dest');
    const src = field('src');
    const user = field('user');
    // Custom searches name the severity field either way; take the first that is a known word, else medium.
    // (A Map, not an object literal: a field value like "constructor" must not hit Object.prototype.)
    const severity = [field('severity'), field('urgency')].map((v) => SEVERITY.get(v?.trim().toLowerCase() ?? '')).find((s) => s !== undefined) ?? 'medium';
    const labels: Record<string, string> = { app: payload.app, owner: payload.owner };
    if (payload.search_name) labels.search_name = payload.search_name;
    for (const name of LABEL_FIELDS) {
      const v = field(name);
      if (v) labels[name] = v;
    }
    // ES annotations (annotations.mitre_attack…) and ad-hoc fields (mitre_technique, technique_id) both carry ids.
    const attackFields = Object.entries(result)
      .filter(([k]) => /mitre|technique/i.test(k))
      .map(([, v]) => v);
    const description = field('description') ?? field('message') ?? field('_raw');
    return [
      {
        source: 'splunk',
        // The sid names this run of the search, so each firing gets its own; the fingerprint is what dedups.
        externalId: payload.sid,
        // Splunk has no alert identity: the same search about the same host, source and user is the same alert.
        fingerprint: stableFingerprint('splunk', { search_name: payload.search_name, host: field('host'), src, user }),
        title: clip(payload.search_name || (field('signature') ?? 'Splunk alert'), 300),
        description: description ? clip(description, 10_000) : null,
        severity,
        status: 'firing',
        service: fit(field('service'), 200),
        asset: {
          host: fit(host, 255),
          ip: [host, field('dest_ip')].find((v) => v && isIP(v)) ?? null,
          cloudResource: null,
          user: fit(user, 255),
        },
        labels,
        links: safeLinks([{ title: 'Search results', url: payload.results_link }]),
        startsAt: toIsoUtc(field('_time')) ?? ctx.receivedAt.toISOString(),
        endsAt: null,
        attackTechniques: attackTechniquesIn(...attackFields, payload.search_name),
      },
    ];
  },
};

import { isIP } from 'node:net';
import { z } from 'zod';
import type { AlertSource } from '../alert-source.js';
import { attackTechniquesIn, clip, safeLinks, toIsoUtc } from '../alert-mapping-helpers.js';
import { optionalText, textOf } from '../lenient-fields.js';
import type { AlertSeverity, NormalizedAlert } from '../normalized-alert.js';
import { NoAlertTitleError } from '../no-alert-title-error.js';
import { stableFingerprint } from '../stable-fingerprint.js';

/**
 * Splunk Enterprise webhook alert payload, as in "Use a webhook alert action" (Splunk Alerting Manual, "Webhook data
 * payload"): `{ result, sid, results_link, search_name, owner, app }`, where `result` is the first result row and
 * `search_name` is null for searches that are not saved. Splunk's built-in webhook action takes only a URL and cannot
 * set headers, so the secret may travel as `?token=<secret>` in that URL; a custom alert action that posts the same
 * payload can send `Authorization: Bearer <secret>` instead (which keeps the secret out of URL logs).
 * Result values are strings; multivalue fields arrive as arrays of strings. Everything is optional: an unsaved
 * search has no name (the docs' own example), and a run is still identified by its `sid`.
 */
const SplunkPayload = z.object({
  // The first result row: field → value (text, or a list of texts for multivalue fields). Custom alert actions and
  // proxies send numbers, booleans or null too; read leniently in `resultField`.
  result: z.unknown().optional(),
  sid: optionalText,
  results_link: optionalText,
  search_name: optionalText,
  owner: optionalText,
  app: optionalText,
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

/** Result fields that name what the search found, when the search itself has no name (ES correlation searches, custom searches). */
const TITLE_FIELDS = ['rule_name', 'rule_title', 'signature', 'title'] as const;

const LOOKED_FOR = ['search_name', ...TITLE_FIELDS.map((f) => `result.${f}`), 'sid'];

/** The result row as field → first value, text only (multivalue fields: the first value stands for the field). */
function resultFields(result: unknown): Map<string, string> {
  const out = new Map<string, string>();
  if (typeof result !== 'object' || result === null || Array.isArray(result)) return out;
  for (const [k, v] of Object.entries(result)) {
    const text = textOf(Array.isArray(v) ? v.find((x) => textOf(x) !== undefined) : v);
    if (text !== undefined) out.set(k, text);
  }
  return out;
}

/** Routing-relevant CIM fields copied to labels when the search returns them. */
const LABEL_FIELDS = ['src', 'dest', 'sourcetype', 'index', 'severity', 'urgency', 'signature', 'action'] as const;

export const splunkSource: AlertSource<SplunkPayload> = {
  id: 'splunk',
  displayName: 'Splunk',
  auth: { kind: 'bearer', queryParam: 'token' },
  schema: SplunkPayload,
  normalize(payload, ctx): NormalizedAlert[] {
    const values = resultFields(payload.result);
    const field = (name: string): string | null => values.get(name) ?? null;
    const named = payload.search_name ?? TITLE_FIELDS.map(field).find((v) => v !== null);
    // An unsaved search has no name: its sid still identifies the run, so it is an alert without a better title.
    const title = named ?? (payload.sid ? 'Splunk alert' : undefined);
    if (!title) throw new NoAlertTitleError('Splunk', LOOKED_FOR);
    const host = field('host') ?? field('dest');
    const src = field('src');
    const user = field('user');
    // Custom searches name the severity field either way; take the first that is a known word, else medium.
    // (A Map, not an object literal: a field value like "constructor" must not hit Object.prototype.)
    const severity =
      [field('severity'), field('urgency')]
        .map((v) => SEVERITY.get(v?.trim().toLowerCase() ?? ''))
        .find((s) => s !== undefined) ?? 'medium';
    const labels: Record<string, string> = {};
    if (payload.app) labels.app = payload.app;
    if (payload.owner) labels.owner = payload.owner;
    if (payload.search_name) labels.search_name = payload.search_name;
    for (const name of LABEL_FIELDS) {
      const v = field(name);
      if (v) labels[name] = v;
    }
    // ES annotations (annotations.mitre_attack…) and ad-hoc fields (mitre_technique, technique_id) both carry ids.
    const raw = typeof payload.result === 'object' && payload.result !== null ? Object.entries(payload.result) : [];
    const attackFields = raw
      .filter(([k]) => /mitre|technique/i.test(k))
      .flatMap(([, v]) => (Array.isArray(v) ? v : [v]).map((x) => textOf(x) ?? null));
    const description = field('description') ?? field('message') ?? field('_raw');
    return [
      {
        source: 'splunk',
        // The sid names this run of the search, so each firing gets its own; the fingerprint is what dedups.
        externalId: fit(payload.sid, 512),
        // Splunk has no alert identity: the same search about the same host, source and user is the same alert.
        fingerprint: stableFingerprint('splunk', { search_name: named ?? null, host: field('host'), src, user }),
        title: clip(title, 300),
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

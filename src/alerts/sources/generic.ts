import { isIP } from 'node:net';
import { z } from 'zod';
import type { AlertSource } from '../alert-source.js';
import { attackTechniquesIn, clip, flatLabels, mapSeverity, safeLinks, toIsoUtc } from '../alert-mapping-helpers.js';
import { NoAlertTitleError } from '../no-alert-title-error.js';
import { AlertSeverity, type NormalizedAlert } from '../normalized-alert.js';
import { isValidDotPath, resolveDotPath } from '../resolve-dot-path.js';
import { stableFingerprint } from '../stable-fingerprint.js';

/**
 * Any tool that can POST JSON: the fields are found by configured dot paths (`alert.title`, `labels.env`,
 * `items[0].name`, see resolve-dot-path.ts). There is no vendor document; the default mapping expects a flat body whose
 * field names are the mapping keys (`{"title": …, "severity": …, "status": …, "labels": {…}}`). Requests are signed
 * like GitHub's: `X-Warroom-Signature: sha256=<hex HMAC-SHA256 of the raw body>`.
 */

const DotPath = z
  .string()
  .refine(isValidDotPath, { message: 'expected a dot path such as alert.title or items[0].name' });

export const GenericMapping = z.object({
  title: DotPath,
  description: DotPath.optional(),
  severity: DotPath.optional(),
  status: DotPath.optional(),
  fingerprint: DotPath.optional(),
  externalId: DotPath.optional(),
  service: DotPath.optional(),
  host: DotPath.optional(),
  ip: DotPath.optional(),
  user: DotPath.optional(),
  cloudResource: DotPath.optional(),
  startsAt: DotPath.optional(),
  endsAt: DotPath.optional(),
  /** A URL string, or an array of URL strings. */
  link: DotPath.optional(),
  /** An object of labels; only its scalar values are kept. */
  labels: DotPath.optional(),
  /** A string or an array of strings holding technique ids (T1110, T1059.001). */
  attack: DotPath.optional(),
  /** true (or "true", "yes", 1) marks the sender's own test notification: it lands in triage as a test. */
  test: DotPath.optional(),
  /** Sender's severity words or numbers (case-insensitive) to ours; consulted before the built-in aliases. */
  severityMap: z.record(z.string(), AlertSeverity).default({}),
  /** Values of the status field that mean the alert is over (case-insensitive); anything else is firing. */
  resolvedValues: z.array(z.string()).default(['resolved', 'ok', 'recovered', 'closed']),
});
export type GenericMapping = z.infer<typeof GenericMapping>;

export const DEFAULT_GENERIC_MAPPING: GenericMapping = {
  title: 'title',
  description: 'description',
  severity: 'severity',
  status: 'status',
  fingerprint: 'fingerprint',
  externalId: 'externalId',
  service: 'service',
  host: 'host',
  ip: 'ip',
  user: 'user',
  cloudResource: 'cloudResource',
  startsAt: 'startsAt',
  endsAt: 'endsAt',
  link: 'link',
  labels: 'labels',
  attack: 'attack',
  test: 'test',
  severityMap: {},
  resolvedValues: ['resolved', 'ok', 'recovered', 'closed'],
};

/** Neither the title path nor an identity path gave text; the ingestion endpoint answers 422 naming the paths. */
export class GenericMappingError extends NoAlertTitleError {
  constructor(
    readonly path: string,
    lookedFor: readonly string[],
  ) {
    super('Generic JSON webhook', lookedFor);
    this.name = 'GenericMappingError';
  }
}

/** Common words tools use. Unknown values fall back to medium: "something is wrong, severity not stated". */
const BUILTIN_SEVERITY: Record<string, AlertSeverity> = {
  critical: 'critical',
  crit: 'critical',
  fatal: 'critical',
  emergency: 'critical',
  page: 'critical',
  p1: 'critical',
  error: 'high',
  err: 'high',
  high: 'high',
  major: 'high',
  p2: 'high',
  warning: 'medium',
  warn: 'medium',
  medium: 'medium',
  moderate: 'medium',
  p3: 'medium',
  minor: 'low',
  low: 'low',
  p4: 'low',
  info: 'info',
  informational: 'info',
  notice: 'info',
  debug: 'info',
  none: 'info',
  p5: 'info',
};

/** Strings (trimmed, non-empty), finite numbers and booleans as text; objects, arrays and absences as null. */
function scalarText(value: unknown): string | null {
  if (typeof value === 'string') return value.trim() || null;
  if ((typeof value === 'number' && Number.isFinite(value)) || typeof value === 'boolean') return String(value);
  return null;
}

function timeOf(value: unknown): string | null {
  return typeof value === 'string' || typeof value === 'number' ? toIsoUtc(value) : null;
}

function stringsOf(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

const GenericPayload = z.record(z.string(), z.unknown());
type GenericPayload = z.infer<typeof GenericPayload>;

export function genericSource(mapping: GenericMapping): AlertSource<GenericPayload> {
  // Re-validated here so a hand-built mapping with a malformed path fails at start-up, not on the first webhook.
  const m = GenericMapping.parse(mapping);
  // A null prototype: mapSeverity tests keys with `in`, which would otherwise match `constructor` and the like.
  const severityTable: Record<string, AlertSeverity> = Object.assign(
    Object.create(null) as Record<string, AlertSeverity>,
    BUILTIN_SEVERITY,
    Object.fromEntries(Object.entries(m.severityMap).map(([k, v]) => [k.trim().toLowerCase(), v])),
  );
  const resolvedValues = new Set(m.resolvedValues.map((v) => v.trim().toLowerCase()));

  return {
    id: 'generic',
    displayName: 'Generic JSON webhook',
    auth: { kind: 'hmac-sha256', header: 'x-warroom-signature', prefix: 'sha256=', encoding: 'hex' },
    schema: GenericPayload,
    normalize(payload, ctx): NormalizedAlert[] {
      const at = (path: string | undefined): unknown => (path ? resolveDotPath(payload, path) : undefined);
      const text = (path: string | undefined): string | null => scalarText(at(path));

      // Numbers count as text (ids and codes are often numbers); without a title, the sender's own id still says
      // which alert this is, so only a body with neither is refused.
      const vendorFingerprint = text(m.fingerprint);
      const externalId = text(m.externalId);
      const rawTitle =
        text(m.title) ?? ((vendorFingerprint ?? externalId) ? `Alert ${externalId ?? vendorFingerprint}` : null);
      if (rawTitle === null) {
        throw new GenericMappingError(
          m.title,
          [m.title, m.fingerprint, m.externalId].filter((p): p is string => Boolean(p)).map((p) => `"${p}"`),
        );
      }
      const title = clip(rawTitle, 300);
      const service = text(m.service);
      const host = text(m.host);
      const ip = text(m.ip);
      const description = text(m.description);
      const cloudResource = text(m.cloudResource);
      const user = text(m.user);
      const status = resolvedValues.has(text(m.status)?.toLowerCase() ?? '') ? 'resolved' : 'firing';
      const severityValue = at(m.severity);
      const labels = at(m.labels);
      const test = ['true', 'yes', '1'].includes(text(m.test)?.toLowerCase() ?? '');
      const receivedAt = toIsoUtc(ctx.receivedAt.getTime());

      return [
        {
          source: 'generic',
          externalId: externalId ? clip(externalId, 512) : null,
          fingerprint:
            vendorFingerprint === null
              ? stableFingerprint('generic', { title, service, host })
              : // A sender's key longer than the column is hashed rather than cut, so distinct keys stay distinct.
                vendorFingerprint.length <= 255
                ? vendorFingerprint
                : stableFingerprint('generic', { fingerprint: vendorFingerprint }),
          title,
          description: description ? clip(description, 10_000) : null,
          severity:
            typeof severityValue === 'string' || typeof severityValue === 'number'
              ? mapSeverity(severityValue, severityTable, 'medium')
              : 'medium',
          status,
          service: service ? clip(service, 200) : null,
          asset: {
            host: host ? clip(host, 255) : null,
            ip: ip && isIP(ip) ? ip : null,
            cloudResource: cloudResource ? clip(cloudResource, 2048) : null,
            user: user ? clip(user, 255) : null,
          },
          labels:
            labels !== null && typeof labels === 'object' && !Array.isArray(labels)
              ? flatLabels(labels as Record<string, unknown>)
              : {},
          links: safeLinks(stringsOf(at(m.link)).map((url) => ({ title: 'Source', url }))),
          // Without their own times, a firing alert starts and a resolved one ends when it reached us.
          startsAt: timeOf(at(m.startsAt)) ?? (status === 'firing' ? receivedAt : null),
          endsAt: status === 'resolved' ? (timeOf(at(m.endsAt)) ?? receivedAt) : null,
          attackTechniques: attackTechniquesIn(stringsOf(at(m.attack))),
          ...(test ? { test: true } : {}),
        },
      ];
    },
  };
}

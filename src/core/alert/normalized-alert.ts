import { z } from 'zod';

export const ALERT_SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'] as const;
export const AlertSeverity = z.enum(ALERT_SEVERITIES);
export type AlertSeverity = z.infer<typeof AlertSeverity>;

/** ISO-8601 UTC timestamp, normalised by `toIsoUtc`. */
const IsoTime = z.iso.datetime({ offset: false });

/**
 * One alert, whatever tool sent it. Source modules map their vendor's payload to this; everything after ingestion
 * (dedup, grouping, enrichment, priority) works only on this shape.
 */
export const NormalizedAlert = z.object({
  /** Source module id, e.g. `alertmanager`. */
  source: z.string().min(1),
  /** The vendor's own id for this alert or finding, if it has one. */
  externalId: z.string().min(1).max(512).nullable(),
  /**
   * Identity for deduplication: the vendor's fingerprint / dedup key when it has one, otherwise
   * `stableFingerprint(source, identifying fields)`. Same alert firing again → same fingerprint.
   */
  fingerprint: z.string().min(1).max(255),
  title: z.string().min(1).max(300),
  description: z.string().max(10_000).nullable(),
  severity: AlertSeverity,
  status: z.enum(['firing', 'resolved']),
  /** Service name as the source reports it (matched against the catalog later). */
  service: z.string().max(200).nullable(),
  asset: z.object({
    host: z.string().max(255).nullable(),
    ip: z.string().max(64).nullable(),
    /** Cloud resource id/ARN, container, pod… */
    cloudResource: z.string().max(2048).nullable(),
    /** A user account involved (identity alerts). */
    user: z.string().max(255).nullable(),
  }),
  /** Flat string labels; nested vendor fields are not copied wholesale, only what helps routing. */
  labels: z.record(z.string(), z.string()),
  links: z.array(z.object({ title: z.string().max(200), url: z.url() })).max(20),
  startsAt: IsoTime.nullable(),
  endsAt: IsoTime.nullable(),
  /** MITRE ATT&CK technique ids (T1110, T1110.001) when the source names them. */
  attackTechniques: z.array(z.string().regex(/^T\d{4}(\.\d{3})?$/)),
  /**
   * The sender's own test notification (a vendor's "Test" button, a test event): it lands in triage marked as a test,
   * so whoever pressed the button sees it arrive, and never opens, joins or pages a war room. Absent means false.
   */
  test: z.boolean().optional(),
});
export type NormalizedAlert = z.infer<typeof NormalizedAlert>;

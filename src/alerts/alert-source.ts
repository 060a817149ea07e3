import type { z } from 'zod';
import type { NormalizedAlert } from './normalized-alert.js';

/**
 * How a source proves a webhook came from it, as the vendor does it. The secret is `WEBHOOK_SECRET_<ID>`.
 * - bearer: `Authorization: Bearer <secret>` (tools that let you set a header); with `queryParam`, a sender that
 *   cannot set headers (Splunk's built-in webhook action takes only a URL) may put the secret in that URL parameter.
 * - hmac-sha256: an HMAC of the raw body keyed with the secret, in `header`, hex or base64, after an optional prefix
 *   (generic: `X-Warroom-Signature: sha256=<hex>`; Sentry: `sentry-hook-signature: <hex>`).
 * - body-field: the secret travels in the payload, at the first of `paths` the body has (PagerDuty: Events API v2
 *   `routing_key`, v1 `service_key`, both the integration key).
 */
export type SourceAuth =
  | { kind: 'bearer'; queryParam?: string }
  | { kind: 'hmac-sha256'; header: string; prefix: string; encoding: 'hex' | 'base64' }
  | { kind: 'body-field'; paths: readonly string[] };

export interface NormalizeContext {
  /** When warroom received the webhook: the fallback for alerts without their own start time. */
  receivedAt: Date;
}

/** One module per vendor under src/alerts/sources/: its payload schema beside its mapping. */
export interface AlertSource<Payload = unknown> {
  /** URL segment and env suffix: `/webhooks/alerts/<id>`, `WEBHOOK_SECRET_<ID uppercased>`. */
  id: string;
  displayName: string;
  auth: SourceAuth;
  /** The sender can post its payload as a form (`application/x-www-form-urlencoded`) instead of JSON. */
  acceptsForm?: boolean;
  /** Largest body taken (413 past it); 1 MiB unless a sender's real payloads are larger. */
  maxBodyBytes?: number;
  /** Validates the vendor payload. Unknown extra fields are allowed (vendors add fields). */
  schema: z.ZodType<Payload>;
  /** One webhook can carry several alerts (an Alertmanager group). */
  normalize(payload: Payload, ctx: NormalizeContext): NormalizedAlert[];
}

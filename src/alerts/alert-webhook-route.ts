import type { Logger } from 'pino';
import { z } from 'zod';
import { inboxKeysFor, type InboxKeys } from '../core/alert/inbox-keys.js';
import { NormalizedAlert } from '../core/alert/normalized-alert.js';
import { HttpError } from '../http/http-errors.js';
import { readRawBody } from '../http/read-raw-body.js';
import { sendJson, type Route } from '../http/router.js';
import type { WarroomMetrics } from '../infra/metrics/warroom-metrics.js';
import { storageTroubleOf } from '../store/storage-trouble.js';
import type { AlertSource } from './alert-source.js';
import { NoAlertTitleError } from './no-alert-title-error.js';
import { decodeWebhookBody } from './decode-webhook-body.js';
import type { InboxGroupCommit } from './inbox-group-commit.js';
import { verifyWebhookAuth } from './verify-webhook-auth.js';

export const ALERT_WEBHOOK_PATH = '/webhooks/alerts/:source';

export interface AlertWebhookDeps {
  /** Where accepted webhooks are committed, together with the others of the same moment (one fsync for all). */
  inbox: InboxGroupCommit;
  sources: Map<string, AlertSource>;
  secrets: Record<string, string>;
  /** Only the loopback sandbox accepts alerts from a source without a secret. */
  allowUnauthenticated: boolean;
  metrics: WarroomMetrics;
  logger: Logger;
  now: () => Date;
  /** Called after the webhook is stored, so processing starts at once. */
  onStored: () => void;
}

const issuesOf = (error: z.ZodError) =>
  error.issues.slice(0, 20).map((i) => ({ path: i.path.join('.') || '(body)', message: i.message }));

/**
 * POST /webhooks/alerts/:source. Validates everything that can be validated up front (credentials, size, JSON,
 * the vendor schema, the mapping) and answers 4xx for input that will never succeed; then commits the raw webhook
 * before answering 202, so an accepted alert survives a crash or power loss. Our own trouble answers 503: senders
 * such as Alertmanager retry 5xx and never 4xx.
 */
export function alertWebhookRoute(deps: AlertWebhookDeps): Route {
  return {
    method: 'POST',
    path: ALERT_WEBHOOK_PATH,
    handler: async (req, res, params) => {
      const id = (params.source ?? '').toLowerCase();
      const source = deps.sources.get(id);
      if (!source)
        throw new HttpError(
          404,
          `Unknown alert source "${params.source}". Sources: ${[...deps.sources.keys()].join(', ')}.`,
        );
      const reject = (status: number, reason: string, body: Record<string, unknown>) => {
        deps.metrics.alertsRejected.inc({ source: id, reason });
        sendJson(res, status, { ok: false, ...body });
      };
      const secret = deps.secrets[id];
      if (!secret && !deps.allowUnauthenticated) {
        return reject(403, 'disabled', {
          error: `Alerts from ${source.displayName} are disabled: set WEBHOOK_SECRET_${id.toUpperCase()} to accept them.`,
        });
      }
      let raw: Buffer;
      try {
        raw = await readRawBody(req, source.maxBodyBytes);
      } catch (error) {
        if (error instanceof HttpError && error.status === 413) {
          // The unread rest of the body is still on the socket: close it, or the next keep-alive request hangs.
          res.setHeader('connection', 'close');
          return reject(413, 'too_large', { error: error.message });
        }
        throw error;
      }
      const unauthorized = () =>
        reject(401, 'unauthorized', { error: `Missing or wrong credentials for ${source.displayName}.` });
      // Header credentials are checked before parsing anything a stranger sent.
      const query = new URL(req.url ?? '/', 'http://localhost').searchParams;
      if (
        secret &&
        source.auth.kind !== 'body-field' &&
        !verifyWebhookAuth(source.auth, secret, req.headers, raw, null, query)
      )
        return unauthorized();
      const decoded = decodeWebhookBody(raw, req.headers, source.acceptsForm === true);
      if (!decoded)
        return reject(400, 'bad_json', {
          error: `Body is not valid JSON${source.acceptsForm ? ' (or a form with content-type application/x-www-form-urlencoded)' : ''}.`,
        });
      const { json } = decoded;
      if (
        secret &&
        source.auth.kind === 'body-field' &&
        !verifyWebhookAuth(source.auth, secret, req.headers, raw, json)
      )
        return unauthorized();
      const payload = source.schema.safeParse(json);
      if (!payload.success)
        return reject(422, 'invalid', {
          error: `This is not a payload ${source.displayName} sends.`,
          issues: issuesOf(payload.error),
        });
      const receivedAt = deps.now();
      let count: number;
      let keys: InboxKeys;
      try {
        const alerts = source.normalize(payload.data, { receivedAt });
        const checked = z.array(NormalizedAlert).safeParse(alerts);
        if (!checked.success)
          return reject(422, 'invalid', {
            error: `The ${source.displayName} payload maps to an invalid alert.`,
            issues: issuesOf(checked.error),
          });
        count = alerts.length;
        keys = inboxKeysFor(checked.data);
      } catch (error) {
        if (error instanceof NoAlertTitleError) {
          const issues = error.lookedFor.map((path) => ({ path, message: 'absent or empty' }));
          return reject(422, 'no_title', { error: error.message, lookedFor: error.lookedFor, issues });
        }
        return reject(422, 'invalid', {
          error: error instanceof Error ? error.message : 'The payload cannot be mapped to an alert.',
        });
      }
      let inboxId: number;
      try {
        inboxId = await deps.inbox.insert({
          source: id,
          receivedAt: receivedAt.toISOString(),
          body: decoded.text,
          identities: JSON.stringify(keys.identities),
          collapseKey: keys.collapseKey,
          urgent: keys.urgent,
        });
      } catch (error) {
        // Never 500 (or a 202 for an alert we did not keep): the sender still has the alert, and 503 makes it retry.
        const trouble = storageTroubleOf(error);
        if (!trouble) throw error;
        if (trouble === 'busy') {
          deps.logger.warn({ err: error, source: id }, 'alert inbox busy; asking the sender to retry');
          res.setHeader('retry-after', '5');
          return reject(503, 'unavailable', { error: 'Storage is busy; retry shortly.' });
        }
        deps.logger.error(
          { err: error, source: id },
          'alert inbox cannot be written (read-only, full, or failing database); asking the sender to retry: check the disk and the permissions of DATA_DIR',
        );
        res.setHeader('retry-after', '30');
        return reject(503, 'unavailable', { error: 'Storage is unavailable; retry later.' });
      }
      deps.metrics.alertsReceived.inc({ source: id }, count);
      sendJson(res, 202, { ok: true, inboxId, alerts: count });
      deps.onStored();
    },
  };
}

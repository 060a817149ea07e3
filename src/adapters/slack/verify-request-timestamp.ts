import type { IncomingMessage } from 'node:http';

/** Slack's replay window (api.slack.com "Verifying requests from Slack"): five minutes either way. */
export const SLACK_TIMESTAMP_WINDOW_SEC = 5 * 60;

/**
 * Bolt's receiver refuses a signed request older than five minutes but accepts one from any time in the future, so a
 * request signed "for later" (a captured or pre-computed signature) could be replayed for as long as its timestamp
 * says. This is the other side of the window. It only judges the timestamp: Bolt still checks the signature, and a
 * missing or unreadable timestamp is left to Bolt, which refuses it (Slack's unsigned `ssl_check` aside).
 * The header is read exactly as Bolt reads it, with Number(): Bolt signs `v0:${Number(header)}:body`, so "1800000000.0",
 * "+1800000000" and "1.8e9" verify with the signature of "1800000000" and must be judged as that time too.
 */
export function isSlackTimestampInFuture(req: IncomingMessage, nowMs: number): boolean {
  const header = req.headers['x-slack-request-timestamp'];
  if (typeof header !== 'string') return false;
  const seconds = Number(header);
  // Infinity is in the future too; NaN is Bolt's to refuse.
  return !Number.isNaN(seconds) && seconds - Math.floor(nowMs / 1000) > SLACK_TIMESTAMP_WINDOW_SEC;
}

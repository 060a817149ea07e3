import { claimRequest } from '../../core/claim-request.js';
import type { AdapterDeps } from '../adapter-deps.js';
import { recentKeys } from '../recent-keys.js';

export interface KeyedBody {
  type?: string;
  event_id?: string;
  trigger_id?: string;
  command?: string;
  user?: { id?: string };
  actions?: Array<{ action_ts?: string; action_id?: string }>;
}

/**
 * The identity of a Slack request, stable across Slack's retries: the event id for events (retried up to 3 times
 * with x-slack-retry-num), the trigger id for slash commands, the click's action_ts for buttons.
 *
 * Modal submissions (`view_submission`) have none on purpose. Slack never retries interactions, and a submission
 * answered with `response_action: errors` is submitted again with the same view id and hash once the person has
 * corrected it: keyed on the view, the correction would be dropped as a "duplicate" and the form would be used up
 * by its own refusal. Submitting a modal twice is prevented by Slack itself (the modal closes or updates).
 */
export function slackRequestKey(body: KeyedBody): string | null {
  if (body.type === 'event_callback' && body.event_id) return `slack:event:${body.event_id}`;
  if (body.command && body.trigger_id) return `slack:command:${body.trigger_id}`;
  if (body.type === 'block_actions' && body.actions?.[0]?.action_ts) {
    return `slack:action:${body.user?.id ?? ''}:${body.actions[0].action_ts}`;
  }
  return null;
}

/** Slack retries an event at once, after a minute and after five (api.slack.com/apis/events-api): all inside this. */
const RETRY_WINDOW_MS = 15 * 60_000;
/** Far more requests than a workspace sends in the window; past it the oldest are left to the durable claim. */
const RECENT_MAX = 20_000;

export interface RequestDedupe {
  /** In memory, before the ack: false when this process saw the key within Slack's retry window. */
  firstSighting(key: string): boolean;
  /**
   * On disk, after the ack and before any work: false when the key was claimed already, by another process on the
   * same database (a replica) or by this one before a restart. If it throws, the key is forgotten in memory too,
   * so Slack's retry of the request is not dropped as a duplicate of work that never ran.
   */
  claim(key: string): boolean;
}

/**
 * Drops Slack's retries (x-slack-retry-num) and duplicate deliveries in two steps, so the ack waits on neither the
 * disk nor other requests: memory answers "seen?" at once; the durable claim follows the ack. A crash between the
 * two leaves no claim and no work done, so a redelivery simply runs the request, once.
 */
export function dedupeRequests(deps: AdapterDeps): RequestDedupe {
  const recent = recentKeys({ ttlMs: RETRY_WINDOW_MS, max: RECENT_MAX, now: () => deps.now().getTime() });
  return {
    firstSighting: (key) => recent.add(key),
    claim(key) {
      try {
        return claimRequest(deps.store, key, deps.now());
      } catch (error) {
        recent.forget(key);
        throw error;
      }
    },
  };
}

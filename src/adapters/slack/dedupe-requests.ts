import type { AnyMiddlewareArgs, Middleware } from '@slack/bolt';
import { claimRequest } from '../../core/claim-request.js';
import type { AdapterDeps } from '../adapter-deps.js';

interface KeyedBody {
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

/** Drops requests already handled (X-Slack-Retry-Num retries, duplicate deliveries) after acknowledging them. */
export function dedupeRequests(deps: AdapterDeps): Middleware<AnyMiddlewareArgs> {
  return async (args) => {
    const key = slackRequestKey(args.body as KeyedBody);
    if (key && !claimRequest(deps.store, key, deps.now())) {
      deps.logger.info({ key }, 'duplicate Slack request ignored');
      if ('ack' in args && typeof args.ack === 'function') await (args.ack as () => Promise<void>)();
      return;
    }
    await args.next();
  };
}

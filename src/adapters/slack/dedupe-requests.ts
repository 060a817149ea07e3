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
  view?: { id?: string; hash?: string };
}

/**
 * The identity of a Slack request, stable across Slack's retries: the event id for events, the trigger id for
 * slash commands, the click's action_ts for buttons, the view id and hash for modal submissions.
 */
export function slackRequestKey(body: KeyedBody): string | null {
  if (body.type === 'event_callback' && body.event_id) return `slack:event:${body.event_id}`;
  if (body.command && body.trigger_id) return `slack:command:${body.trigger_id}`;
  if (body.type === 'block_actions' && body.actions?.[0]?.action_ts) {
    return `slack:action:${body.user?.id ?? ''}:${body.actions[0].action_ts}`;
  }
  if (body.type === 'view_submission' && body.view?.id) return `slack:view:${body.view.id}:${body.view.hash ?? ''}`;
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

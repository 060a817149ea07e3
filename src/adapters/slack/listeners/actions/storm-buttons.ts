import type { App, BlockButtonAction } from '@slack/bolt';
import type { AdapterDeps } from '../../../adapter-deps.js';
import { runStormSplit, STORM_SPLIT_WRONG_CHANNEL, stormSplitBelongsTo } from '../../../run-storm-split.js';
import { parseStormSplit, STORM_SPLIT_ACTION } from '../../../storm-action-ids.js';
import { interactionCtx } from '../../slack-ctx.js';
import { ephemeral, replyForError } from '../../slack-replies.js';

/** "Declare separately" on a storm's rolled-up message: one service or alert leaves the storm for its own incident. */
export function registerStormButtons(app: App, deps: AdapterDeps): void {
  app.action<BlockButtonAction>(STORM_SPLIT_ACTION, async ({ ack, body, action, respond }) => {
    await ack();
    const requestId = `${action.action_ts}:${body.user.id}`;
    try {
      const click = parseStormSplit(action.action_id, action.value);
      if (!click) return void (await respond(ephemeral('That button is out of date. Use the storm\'s latest alert message.')));
      const ctx = interactionCtx(deps, body, requestId);
      if (!stormSplitBelongsTo(ctx, click, body.channel?.id ?? '')) return void (await respond(ephemeral(STORM_SPLIT_WRONG_CHANNEL)));
      const { text } = runStormSplit(ctx, click);
      deps.dispatcher.kick();
      await respond(ephemeral(text));
    } catch (error) {
      await respond(ephemeral(replyForError(error, requestId, deps.logger)));
    }
  });
}

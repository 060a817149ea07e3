import { postmortemStatusText } from '../../commands/postmortem.js';
import type { PostmortemView } from '../core/postmortem/describe-postmortem.js';
import type { InteractionEnv, InteractionResult } from './interaction.js';
import { postmortemFormFor } from './postmortem-forms.js';

/**
 * The postmortem form where it stands, with where it stands in words beside it (for a surface whose dialog shows
 * only fields, or that cannot open the form).
 */
export function openPostmortem(
  view: PostmortemView,
  channelId: string,
  { ctx, fmt }: InteractionEnv,
): InteractionResult {
  return {
    type: 'open-form',
    form: postmortemFormFor(view, channelId, ctx.actor, fmt),
    text: postmortemStatusText(view, fmt),
  };
}

import type { KnownBlock } from '@slack/types';
import type { Logger } from 'pino';
import { isWarroomError } from '../../core/errors.js';
import { internalErrorText } from '../../interactions/index.js';
import { slackFmt } from './slack-fmt.js';

/**
 * The text shown to someone whose request failed. Known rejections say what to do; anything else is logged with
 * the request id and the person gets that id, never the error itself (no configuration or stack leaks to chat).
 */
export function replyForError(error: unknown, requestId: string, logger: Logger): string {
  if (isWarroomError(error)) return error.describe(slackFmt);
  logger.error({ err: error, requestId }, 'request failed');
  return internalErrorText(requestId);
}

/** A reply only the person sees (through response_url), with blocks when it carries buttons. */
export const ephemeral = (text: string, blocks?: KnownBlock[]) => ({
  response_type: 'ephemeral' as const,
  replace_original: false,
  text,
  ...(blocks ? { blocks } : {}),
});

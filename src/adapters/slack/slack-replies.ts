import type { Logger } from 'pino';
import { isWarroomError } from '../../core/errors.js';

/**
 * The text shown to someone whose request failed. Known rejections say what to do; anything else is logged with
 * the request id and the person gets that id, never the error itself (no configuration or stack leaks to chat).
 */
export function replyForError(error: unknown, requestId: string, logger: Logger): string {
  if (isWarroomError(error)) return error.message;
  logger.error({ err: error, requestId }, 'request failed');
  return `Something went wrong on our side (request ${requestId}); nothing was changed. Try again, or give that id to whoever runs warroom.`;
}

export const ephemeral = (text: string) => ({ response_type: 'ephemeral' as const, replace_original: false, text });

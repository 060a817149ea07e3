import { isWarroomError } from '../../../../core/errors.js';
import type { AdapterDeps } from '../../../adapter-deps.js';
import { replyForError } from '../../slack-replies.js';

/**
 * Runs one postmortem verb for a modal submission. A known rejection becomes an error under `block` in the modal
 * (response_action "errors"); anything else is logged and shown with the request id.
 */
export function postmortemFormErrors(fn: () => void, block: string, requestId: string, deps: AdapterDeps): Record<string, string> | null {
  try {
    fn();
    return null;
  } catch (error) {
    return { [block]: isWarroomError(error) ? error.message.slice(0, 1900) : replyForError(error, requestId, deps.logger) };
  }
}

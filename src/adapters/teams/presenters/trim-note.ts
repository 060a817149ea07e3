import type { Fmt } from '../../../core/fmt.js';

/** Ends a text shortened to fit a Teams post, saying where the whole of it is. */
export function trimNote(fmt: Fmt, where = fmt.command('timeline')): string {
  return `… ${fmt.em(`(trimmed; see ${where})`)}`;
}

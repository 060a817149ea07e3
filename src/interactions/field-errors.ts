import { isWarroomError } from '../core/errors.js';

/**
 * Runs a form's verbs in order, each its own transaction, stopping at the first refusal, which is returned under its
 * field (what ran before it stays saved). Null when all ran. Anything but a known refusal is thrown.
 */
export function fieldErrors(steps: Array<[field: string, run: () => unknown]>): Record<string, string> | null {
  for (const [field, run] of steps) {
    try {
      run();
    } catch (error) {
      if (isWarroomError(error)) return { [field]: error.message };
      throw error;
    }
  }
  return null;
}

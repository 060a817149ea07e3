import { ConflictError } from '../errors.js';
import { describeOpenWork } from './describe-open-work.js';
import type { OpenWork } from './open-work.js';

/**
 * Resolve was asked while playbook work is still open and nobody confirmed it. Surfaces turn this into a question
 * ("… Resolve anyway?") with a confirm button; the message is the same in words for any surface that cannot ask.
 */
export class OpenWorkError extends ConflictError {
  constructor(
    readonly ref: string,
    readonly incidentId: number,
    readonly openWork: OpenWork,
  ) {
    super(
      (fmt) =>
        `${describeOpenWork(openWork, fmt)} To resolve ${ref} anyway, press ${fmt.bold('Resolve')} and confirm, or type ${fmt.command('resolve anyway')}.`,
    );
    this.name = 'OpenWorkError';
  }
}

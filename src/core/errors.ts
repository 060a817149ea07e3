import { plainFmt, type Fmt } from './fmt.js';

/** Every rejection the core makes. `message` is for the person who typed the command: what was wrong, what to type instead. */
export type WarroomErrorCode = 'NOT_FOUND' | 'FORBIDDEN' | 'CONFLICT' | 'VALIDATION' | 'WRONG_CHANNEL' | 'UNAVAILABLE';

/**
 * A message written with the Fmt marks. The core rejects a request without knowing where it came from, so a message
 * that names a command or stresses a word is a function the answering surface renders with its own Fmt (Slack types
 * `/incident list`, Teams `@warroom list`).
 */
export type Described = (fmt: Fmt) => string;

export class WarroomError extends Error {
  readonly #describe: Described;

  constructor(
    readonly code: WarroomErrorCode,
    message: string | Described,
  ) {
    const describe = typeof message === 'string' ? () => message : message;
    // `message` stays plain text for logs, the CLI and form-field errors (which no platform renders as markup).
    super(describe(plainFmt));
    this.name = 'WarroomError';
    this.#describe = describe;
  }

  /** The message as the surface answering the person writes it. */
  describe(fmt: Fmt): string {
    return this.#describe(fmt);
  }
}

export class NotFoundError extends WarroomError {
  constructor(message: string | Described) {
    super('NOT_FOUND', message);
  }
}

export class ForbiddenError extends WarroomError {
  constructor(message: string | Described) {
    super('FORBIDDEN', message);
  }
}

export class ConflictError extends WarroomError {
  constructor(message: string | Described) {
    super('CONFLICT', message);
  }
}

export class ValidationError extends WarroomError {
  constructor(message: string | Described) {
    super('VALIDATION', message);
  }
}

export function isWarroomError(error: unknown): error is WarroomError {
  return error instanceof WarroomError;
}

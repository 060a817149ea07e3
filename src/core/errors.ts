/** Every rejection the core makes. `message` is for the person who typed the command: what was wrong, what to type instead. */
export type WarroomErrorCode = 'NOT_FOUND' | 'FORBIDDEN' | 'CONFLICT' | 'VALIDATION' | 'WRONG_CHANNEL' | 'UNAVAILABLE';

export class WarroomError extends Error {
  constructor(
    readonly code: WarroomErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'WarroomError';
  }
}

export class NotFoundError extends WarroomError {
  constructor(message: string) {
    super('NOT_FOUND', message);
  }
}

export class ForbiddenError extends WarroomError {
  constructor(message: string) {
    super('FORBIDDEN', message);
  }
}

export class ConflictError extends WarroomError {
  constructor(message: string) {
    super('CONFLICT', message);
  }
}

export class ValidationError extends WarroomError {
  constructor(message: string) {
    super('VALIDATION', message);
  }
}

export function isWarroomError(error: unknown): error is WarroomError {
  return error instanceof WarroomError;
}

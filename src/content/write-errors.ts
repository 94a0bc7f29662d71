/**
 * Expected failures of a write. Mutations throw these inside their transaction (so nothing of the
 * write stays behind) and the Pothos errors plugin turns them into members of the mutation's
 * result union, each naming the input field at fault.
 */
export type ValidationReason = 'REQUIRED' | 'TOO_LONG' | 'INVALID_FORMAT' | 'TAKEN' | 'OUT_OF_RANGE' | 'NOT_ALLOWED';

export class ValidationError extends Error {
  readonly code = 'VALIDATION_FAILED';
  constructor(
    readonly field: string,
    readonly reason: ValidationReason,
    message: string,
  ) {
    super(message);
    this.name = 'ValidationError';
  }
}

export class NotFoundError extends Error {
  readonly code = 'NOT_FOUND';
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
    this.name = 'NotFoundError';
  }
}

/** The client's `expectedVersion` is stale: someone else changed the article since it was read. */
export class ConflictError extends Error {
  readonly code = 'VERSION_CONFLICT';
  readonly field = 'expectedVersion';
  constructor(
    readonly expectedVersion: number,
    readonly currentVersion: number,
    what = 'article',
  ) {
    super(`The ${what} is at version ${currentVersion}, not ${expectedVersion}: reload it and apply your change again`);
    this.name = 'ConflictError';
  }
}

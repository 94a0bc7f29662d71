import { GraphQLError } from 'graphql';

/**
 * Stable, documented error codes in `extensions.code`. Clients switch on these; they never change
 * meaning once released.
 */
export const ErrorCode = {
  BAD_USER_INPUT: 'BAD_USER_INPUT',
  INVALID_CURSOR: 'INVALID_CURSOR',
  PAGINATION_LIMIT_EXCEEDED: 'PAGINATION_LIMIT_EXCEEDED',
  INVALID_ID: 'INVALID_ID',
  /** The Authorization header is malformed, or its token is unknown or revoked (HTTP 401). */
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  /** The request's token lacks the scope the field needs. */
  FORBIDDEN: 'FORBIDDEN',
  NOT_FOUND: 'NOT_FOUND',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

export class BroadsheetError extends GraphQLError {
  constructor(code: ErrorCode, message: string, extensions: Record<string, unknown> = {}) {
    super(message, { extensions: { code, ...extensions } });
  }
}

export function badInput(message: string, argument?: string): BroadsheetError {
  return new BroadsheetError(ErrorCode.BAD_USER_INPUT, message, argument ? { argument } : {});
}

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
  // Hostile or malformed requests (src/http/limits.ts, src/http/protocol.ts).
  BAD_REQUEST: 'BAD_REQUEST',
  GRAPHQL_PARSE_FAILED: 'GRAPHQL_PARSE_FAILED',
  GRAPHQL_VALIDATION_FAILED: 'GRAPHQL_VALIDATION_FAILED',
  UNSUPPORTED_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  /** The Accept header names no media type the endpoint answers in (HTTP 406). */
  NOT_ACCEPTABLE: 'NOT_ACCEPTABLE',
  REQUEST_TOO_LARGE: 'REQUEST_TOO_LARGE',
  VARIABLES_TOO_LARGE: 'VARIABLES_TOO_LARGE',
  TOO_MANY_OPERATIONS: 'TOO_MANY_OPERATIONS',
  QUERY_TOO_DEEP: 'QUERY_TOO_DEEP',
  TOO_MANY_ALIASES: 'TOO_MANY_ALIASES',
  TOO_MANY_DIRECTIVES: 'TOO_MANY_DIRECTIVES',
  TOO_MANY_TOKENS: 'TOO_MANY_TOKENS',
  QUERY_TOO_COMPLEX: 'QUERY_TOO_COMPLEX',
  /** An anonymous `query` longer than LIMIT_DOCUMENT_BYTES (HTTP 413). */
  DOCUMENT_TOO_LARGE: 'DOCUMENT_TOO_LARGE',
  /** More fields in the document than LIMIT_FIELDS. */
  TOO_MANY_FIELDS: 'TOO_MANY_FIELDS',
  /** A list argument (`ids`, `representations`, ...) longer than LIMIT_LIST_LENGTH. */
  LIST_TOO_LONG: 'LIST_TOO_LONG',
  /** A query that needed more SQL statements than LIMIT_STATEMENTS. */
  TOO_MANY_STATEMENTS: 'TOO_MANY_STATEMENTS',
  /** An answer larger than LIMIT_RESPONSE_BYTES (a batch's together, or one subscription event). */
  RESPONSE_TOO_LARGE: 'RESPONSE_TOO_LARGE',
  /** More open subscription streams than SUBSCRIPTIONS_MAX_PER_CLIENT (429) or SUBSCRIPTIONS_MAX (503). */
  TOO_MANY_SUBSCRIPTIONS: 'TOO_MANY_SUBSCRIPTIONS',
  INTROSPECTION_DISABLED: 'INTROSPECTION_DISABLED',
  /** The client's rate-limit budget (RATE_LIMIT_*) does not hold this operation's cost (HTTP 429, Retry-After). */
  RATE_LIMITED: 'RATE_LIMITED',
  // Preview links (src/auth/preview.ts): the Broadsheet-Preview header's token (HTTP 403).
  /** Malformed, or names no link (tampered or made up). */
  PREVIEW_LINK_INVALID: 'PREVIEW_LINK_INVALID',
  PREVIEW_LINK_EXPIRED: 'PREVIEW_LINK_EXPIRED',
  PREVIEW_LINK_REVOKED: 'PREVIEW_LINK_REVOKED',
  // Persisted operations (src/http/persisted.ts).
  PERSISTED_QUERY_NOT_FOUND: 'PERSISTED_QUERY_NOT_FOUND',
  PERSISTED_QUERY_HASH_MISMATCH: 'PERSISTED_QUERY_HASH_MISMATCH',
  PERSISTED_QUERY_ONLY: 'PERSISTED_QUERY_ONLY',
  // Faults (src/http/database-faults.ts).
  DATABASE_UNAVAILABLE: 'DATABASE_UNAVAILABLE',
  STATEMENT_TIMEOUT: 'STATEMENT_TIMEOUT',
  INTERNAL_SERVER_ERROR: 'INTERNAL_SERVER_ERROR',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** The body of an answer that is errors only, as GraphQL over HTTP writes one: `{"errors":[{"message","extensions"}]}`. */
export const errorsJson = (message: string, extensions: Record<string, unknown>): string =>
  JSON.stringify({ errors: [{ message, extensions }] });

export class BroadsheetError extends GraphQLError {
  constructor(code: ErrorCode, message: string, extensions: Record<string, unknown> = {}) {
    super(message, { extensions: { code, ...extensions } });
  }
}

/** An error whose HTTP status is decided by the server, not by the GraphQL-over-HTTP defaults. */
export function httpError(
  code: ErrorCode,
  status: number,
  message: string,
  extensions: Record<string, unknown> = {},
): BroadsheetError {
  return new BroadsheetError(code, message, { ...extensions, http: { status } });
}

export function badInput(message: string, argument?: string): BroadsheetError {
  return new BroadsheetError(ErrorCode.BAD_USER_INPUT, message, argument ? { argument } : {});
}

/** The most characters of a client's input an error message quotes back. */
export const MAX_ECHOED_INPUT = 100;

/**
 * A client's input as an error message quotes it: in double quotes, cut at MAX_ECHOED_INPUT
 * characters (with `…`), so that a 15 kB id sent 100 times in `_entities` does not come back as
 * 1.5 MB of messages.
 */
export function quoteInput(value: unknown): string {
  const text = String(value);
  return `"${text.length > MAX_ECHOED_INPUT ? `${text.slice(0, MAX_ECHOED_INPUT)}…` : text}"`;
}

import { GraphQLError } from 'graphql';
import { maskError as yogaMaskError } from 'graphql-yoga';
import { ErrorCode } from '../errors.js';

export type DatabaseFault = 'unavailable' | 'timeout';

/** SQLSTATEs of a server that is going away, starting up, or refusing connections. */
const UNAVAILABLE_STATES = new Set([
  '57P01',
  '57P02',
  '57P03',
  '08000',
  '08001',
  '08003',
  '08004',
  '08006',
  '53300',
  '3D000',
]);
const UNAVAILABLE_ERRNOS = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
]);
const UNAVAILABLE_MESSAGES = [
  'Connection terminated',
  'timeout exceeded when trying to connect',
  'Client has encountered a connection error',
  'Connection terminated unexpectedly',
  'Client was closed and is not queryable',
  'Cannot use a pool after calling end on the pool',
];

/** Says whether an error (or anything it wraps) is the database being down or too slow. */
export function classifyDatabaseError(error: unknown): DatabaseFault | undefined {
  const seen = new Set<unknown>();
  let current: unknown = error;
  while (current && typeof current === 'object' && !seen.has(current)) {
    seen.add(current);
    const e = current as {
      code?: unknown;
      message?: unknown;
      originalError?: unknown;
      cause?: unknown;
      errors?: unknown;
    };
    if (e.code === '57014') return 'timeout';
    if (typeof e.code === 'string' && (UNAVAILABLE_STATES.has(e.code) || UNAVAILABLE_ERRNOS.has(e.code)))
      return 'unavailable';
    if (typeof e.message === 'string' && UNAVAILABLE_MESSAGES.some((m) => (e.message as string).includes(m)))
      return 'unavailable';
    if (Array.isArray(e.errors) && e.errors.some((inner) => classifyDatabaseError(inner) === 'unavailable'))
      return 'unavailable';
    current = e.originalError ?? e.cause;
  }
  return undefined;
}

export const RETRY_AFTER_SECONDS = 5;

function faultError(fault: DatabaseFault, source: unknown): GraphQLError {
  const located = source instanceof GraphQLError ? source : undefined;
  const [code, message] =
    fault === 'timeout'
      ? [
          ErrorCode.STATEMENT_TIMEOUT,
          'The database took too long to answer; the query was cancelled. Retry later or ask for less.',
        ]
      : [ErrorCode.DATABASE_UNAVAILABLE, 'The database is unavailable; retry shortly.'];
  return new GraphQLError(message, {
    nodes: located?.nodes,
    source: located?.source,
    positions: located?.positions,
    path: located?.path,
    extensions: {
      code,
      http: { status: 503, headers: { 'Retry-After': String(RETRY_AFTER_SECONDS) } },
    },
  });
}

/** SQLSTATE class 22 (data exception): a value from the request PostgreSQL cannot take, e.g. a NUL in a string. */
export function dataException(error: unknown): boolean {
  let current: unknown = error;
  for (let i = 0; i < 5 && current && typeof current === 'object'; i += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && /^22[0-9A-Z]{3}$/.test(code)) return true;
    current = (current as { originalError?: unknown }).originalError ?? (current as { cause?: unknown }).cause;
  }
  return false;
}

/**
 * Yoga's masking, plus: a database fault becomes a 503 with a stable code instead of a masked
 * "Unexpected error", so clients and load balancers know to retry.
 */
export function maskError(error: unknown, message: string, isDev?: boolean): Error {
  const fault = classifyDatabaseError(error);
  if (fault) return faultError(fault, error);
  if (dataException(error)) {
    const located = error instanceof GraphQLError ? error : undefined;
    return new GraphQLError(
      'An argument holds a value the database cannot take (a NUL character, or a number or date out of range)',
      {
        nodes: located?.nodes,
        source: located?.source,
        positions: located?.positions,
        path: located?.path,
        extensions: { code: ErrorCode.BAD_USER_INPUT },
      },
    );
  }
  return yogaMaskError(error, message, isDev);
}

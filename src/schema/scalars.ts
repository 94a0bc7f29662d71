import { GraphQLError, Kind } from 'graphql';
import { builder } from '../builder.js';

// ISO 8601 with a time zone: "2026-03-19T10:00:00Z" or "2026-03-19T12:00:00+02:00".
const ISO_8601 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2})$/;

export function parseDateTime(value: unknown): Date {
  if (typeof value !== 'string' || !ISO_8601.test(value)) {
    throw new GraphQLError('DateTime must be an ISO 8601 string with a time zone, e.g. "2026-03-19T10:00:00Z"', {
      extensions: { code: 'BAD_USER_INPUT' },
    });
  }
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) {
    throw new GraphQLError(`DateTime "${value}" is not a real date`, { extensions: { code: 'BAD_USER_INPUT' } });
  }
  return date;
}

builder.scalarType('DateTime', {
  description: 'A date and time in ISO 8601 format with a time zone, e.g. "2026-03-19T10:00:00Z". Always UTC in responses.',
  serialize: (value) => (value instanceof Date ? value : new Date(value as string)).toISOString(),
  parseValue: parseDateTime,
  parseLiteral: (ast) => {
    if (ast.kind !== Kind.STRING) {
      throw new GraphQLError('DateTime must be a string', { extensions: { code: 'BAD_USER_INPUT' } });
    }
    return parseDateTime(ast.value);
  },
});

import { GraphQLError, Kind } from 'graphql';
import { builder } from '../builder.js';
import { DateParseError, EARLIEST_YEAR, LATEST_YEAR, parsePublicationDate } from '../content/dates.js';
import { ErrorCode } from '../errors.js';

/** The API's dates, parsed as the importer parses them (src/content/dates.ts). */
export function parseDateTime(value: unknown): Date {
  try {
    return parsePublicationDate(value);
  } catch (error) {
    if (!(error instanceof DateParseError)) throw error;
    throw new GraphQLError(
      `DateTime must be an ISO 8601 (RFC 3339) date-time with a time zone, e.g. "2026-03-19T10:00:00Z": ${error.message}`,
      {
        extensions: { code: ErrorCode.BAD_USER_INPUT },
      },
    );
  }
}

builder.scalarType('DateTime', {
  // Code generators and gateways recognise the RFC and map the scalar to their date-time type.
  specifiedByURL: 'https://www.rfc-editor.org/rfc/rfc3339',
  description: `A date and time in ISO 8601 format with a time zone, e.g. "2026-03-19T10:00:00Z". Always UTC in responses. Input: RFC 3339 with seconds, a real calendar date, years ${EARLIEST_YEAR}-${LATEST_YEAR}.`,
  serialize: (value) => (value instanceof Date ? value : new Date(value as string)).toISOString(),
  parseValue: parseDateTime,
  parseLiteral: (ast) => {
    if (ast.kind !== Kind.STRING) {
      throw new GraphQLError('DateTime must be a string', { extensions: { code: ErrorCode.BAD_USER_INPUT } });
    }
    return parseDateTime(ast.value);
  },
});

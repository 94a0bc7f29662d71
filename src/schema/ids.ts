import { decodeGlobalID } from '@pothos/plugin-relay';
import { type RawBuilder, sql } from 'kysely';
import { BroadsheetError, ErrorCode } from '../errors.js';
import { type ArgumentValues, NotThisRequest, type ReadScope } from './read.js';

// Keys are PostgreSQL integers: a larger number names nothing, and must not reach the database,
// where it would fail as "out of range" (an internal error) instead of a typed one.
const MAX_KEY = 2_147_483_647;

/** Parses the numeric key of a global id of the expected type, with a typed error otherwise. */
export function parseGlobalId(id: string, typename: string, argument = 'id'): number {
  let decoded: { typename: string; id: string };
  try {
    decoded = decodeGlobalID(id);
  } catch {
    throw new BroadsheetError(ErrorCode.INVALID_ID, `"${id}" is not a valid ${typename} id`, { argument });
  }
  const key = Number(decoded.id);
  if (decoded.typename !== typename || !Number.isSafeInteger(key) || key <= 0 || key > MAX_KEY) {
    throw new BroadsheetError(ErrorCode.INVALID_ID, `"${id}" is not a valid ${typename} id`, { argument });
  }
  return key;
}

export function parseNumericKey(id: string): number {
  const key = Number(id);
  if (!Number.isSafeInteger(key) || key <= 0 || key > MAX_KEY) throw new BroadsheetError(ErrorCode.INVALID_ID, `"${id}" is not a valid id`);
  return key;
}

/** The numeric key of a global id of the given type; anything else is the executor's error to report. */
function keyOrHandOver(id: string, typename: string): number {
  try {
    return parseGlobalId(id, typename);
  } catch {
    throw new NotThisRequest('invalid id');
  }
}

/**
 * The read model's condition for a field taking exactly one of a global `id` or a `slug`. The
 * document usually writes only one of them; then the condition is that one alone, which its index
 * serves.
 */
export function byIdOrSlug(
  scope: ReadScope,
  typename: string,
  byId: (id: RawBuilder<unknown>) => RawBuilder<unknown>,
  bySlug: (slug: RawBuilder<unknown>) => RawBuilder<unknown>,
): RawBuilder<unknown> {
  const exactlyOne = (args: ArgumentValues) => {
    if ((args.id == null) === (args.slug == null)) throw new NotThisRequest('needs exactly one of id and slug');
    return args;
  };
  const parts: RawBuilder<unknown>[] = [];
  if (scope.written('id')) {
    parts.push(byId(scope.param((args) => (exactlyOne(args).id == null ? null : keyOrHandOver(String(args.id), typename)), 'int')));
  }
  if (scope.written('slug')) parts.push(bySlug(scope.param((args) => exactlyOne(args).slug ?? null, 'text')));
  if (parts.length === 0) scope.unsupported('neither id nor slug');
  if (parts.length === 1) scope.check(exactlyOne);
  return sql`(${sql.join(parts, sql` or `)})`;
}

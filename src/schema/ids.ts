import { decodeGlobalID } from '@pothos/plugin-relay';
import { BroadsheetError, ErrorCode } from '../errors.js';

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

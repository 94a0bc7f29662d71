import { decodeGlobalID } from '@pothos/plugin-relay';
import { BroadsheetError, ErrorCode } from '../errors.js';

/** Parses the numeric key of a global id of the expected type, with a typed error otherwise. */
export function parseGlobalId(id: string, typename: string, argument = 'id'): number {
  let decoded: { typename: string; id: string };
  try {
    decoded = decodeGlobalID(id);
  } catch {
    throw new BroadsheetError(ErrorCode.INVALID_ID, `"${id}" is not a valid ${typename} id`, { argument });
  }
  const key = Number(decoded.id);
  if (decoded.typename !== typename || !Number.isSafeInteger(key) || key <= 0) {
    throw new BroadsheetError(ErrorCode.INVALID_ID, `"${id}" is not a valid ${typename} id`, { argument });
  }
  return key;
}

export function parseNumericKey(id: string): number {
  const key = Number(id);
  if (!Number.isSafeInteger(key) || key <= 0) throw new BroadsheetError(ErrorCode.INVALID_ID, `"${id}" is not a valid id`);
  return key;
}

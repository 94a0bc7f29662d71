import { type RawBuilder, sql } from 'kysely';
import { BroadsheetError, ErrorCode, quoteInput } from '../errors.js';
import { type ArgumentValues, NotThisRequest, type ReadScope } from './read.js';

// Keys are PostgreSQL integers: a larger number names nothing, and must not reach the database,
// where it would fail as "out of range" (an internal error) instead of a typed one.
const MAX_KEY = 2_147_483_647;

/**
 * A key as the server writes it: decimal digits, no sign, no leading zero. Number() would also
 * read "0x1f", "+31", "3.1e1", " 31" and "031" as 31, giving one article many ids (and many
 * cache entries); only the id the server issued names it.
 */
const CANONICAL_KEY = /^[1-9][0-9]{0,9}$/;
const TYPENAME = /^[A-Z_a-z][0-9A-Z_a-z]*$/;

export interface GlobalId {
  typename: string;
  key: number;
}

function invalid(id: string, typename: string | undefined, argument: string | undefined): BroadsheetError {
  return new BroadsheetError(
    ErrorCode.INVALID_ID,
    `${quoteInput(id)} is not a valid ${typename ? `${typename} ` : ''}id`,
    argument ? { argument } : {},
  );
}

/** The key of an id's "Type:key" text, when it is canonical and in range. */
export function canonicalKey(text: string): number | undefined {
  if (!CANONICAL_KEY.test(text)) return undefined;
  const key = Number(text);
  return key <= MAX_KEY ? key : undefined;
}

/**
 * Decodes a global id exactly as the server encodes it (base64 of "Type:key"), with a typed
 * error otherwise; the type name is not checked against the schema here.
 */
export function decodeGlobalId(id: string, argument?: string): GlobalId {
  const text = Buffer.from(id, 'base64').toString('utf8');
  // Standard padded base64 of UTF-8, as @pothos/plugin-relay's encodeGlobalID writes it: Buffer
  // skips characters it cannot read, so only an id that encodes back to itself is taken.
  if (Buffer.from(text, 'utf8').toString('base64') !== id) throw invalid(id, undefined, argument);
  const colon = text.indexOf(':');
  const typename = text.slice(0, colon);
  const key = colon > 0 ? canonicalKey(text.slice(colon + 1)) : undefined;
  if (key === undefined || !TYPENAME.test(typename)) throw invalid(id, undefined, argument);
  return { typename, key };
}

/** Parses the numeric key of a global id of the expected type, with a typed error otherwise. */
export function parseGlobalId(id: string, typename: string, argument = 'id'): number {
  let decoded: GlobalId;
  try {
    decoded = decodeGlobalId(id, argument);
  } catch {
    throw invalid(id, typename, argument);
  }
  if (decoded.typename !== typename) throw invalid(id, typename, argument);
  return decoded.key;
}

/** The key part of a global id (Pothos' `parse` of a node's id). */
export function parseNumericKey(id: string): number {
  const key = canonicalKey(id);
  if (key === undefined) throw new BroadsheetError(ErrorCode.INVALID_ID, `${quoteInput(id)} is not a valid id`);
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
    parts.push(
      byId(
        scope.param((args) => (exactlyOne(args).id == null ? null : keyOrHandOver(String(args.id), typename)), 'int'),
      ),
    );
  }
  if (scope.written('slug')) parts.push(bySlug(scope.param((args) => exactlyOne(args).slug ?? null, 'text')));
  if (parts.length === 0) scope.unsupported('neither id nor slug');
  if (parts.length === 1) scope.check(exactlyOne);
  return sql`(${sql.join(parts, sql` or `)})`;
}

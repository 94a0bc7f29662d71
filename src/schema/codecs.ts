import { type GraphQLOutputType, getNamedType, isEnumType, isListType, isNonNullType, isScalarType } from 'graphql';
import { type RawBuilder, sql } from 'kysely';

/**
 * How each GraphQL scalar's value is written as JSON text by PostgreSQL, exactly as the scalar's
 * `serialize` and JSON.stringify would write it: the codec table the read model's generator
 * (src/compiled/compile.ts) applies to every declared value, chosen by the field's type. Where
 * PostgreSQL cannot write the same text, a codec writes HANDOVER and the executor answers.
 */

/**
 * Set in the JSON where the executor has to answer: a summary that would have to be generated, or
 * a value whose text the statement does not write as the executor would. A body that happened to
 * contain this text would only send its requests down the slower path, never change an answer.
 */
export const HANDOVER_MARKER = 'broadsheet:executor-answers:5f0c9a';
/** The marker as a JSON value (it needs no escaping). */
export const HANDOVER = `'"${HANDOVER_MARKER}"'`;

// DateTime serialises with toISOString(): always UTC with milliseconds. The pg driver and V8 both
// truncate microseconds to milliseconds, as to_char's MS does. Only for years 1 to 9999: there
// toISOString writes four digits and YYYY the same ones; it writes other years with a sign and
// six digits ("+010000", and "0000" or "-000001" for the years BC that YYYY writes "0001",
// "0002"), and the executor cannot even read BC timestamps that come through JSON.
export const ISO_YEARS = (column: string) =>
  `(${column} >= '0001-01-01T00:00:00Z' and ${column} < '10000-01-01T00:00:00Z')`;
export const ISO_TEXT = (column: string) => `to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
/** ISO_TEXT at PostgreSQL's precision, microseconds: what a cursor carries (decodeCursor's `timestamp`). */
export const ISO_MICROSECONDS = (column: string) =>
  `to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
/** A DateTime as JSON text: null, the ISO string, or the marker for a year ISO_TEXT cannot write. */
const ISO = (column: string) =>
  `case when ${column} is null then 'null' when ${ISO_YEARS(column)} then to_json(${ISO_TEXT(column)})::text else ${HANDOVER} end`;
// Float: the executor writes JSON.stringify(parseFloat(text PostgreSQL sent)), the same shortest
// digits, but PostgreSQL writes values under 1e-4 in exponent form ("1.5e-05", "1e-07") where
// JavaScript writes "0.000015" and "1e-7", and writes -0 where JSON.stringify writes 0. Plain
// decimals are written alike; anything else (a salience from an import file) is the executor's.
export const PLAIN_DECIMAL = (expr: string) => `${expr}::text ~ '^[0-9.]+$'`;
const FLOAT = (expr: string) =>
  `case when ${expr} is null then 'null' when ${PLAIN_DECIMAL(expr)} then ${expr}::text else ${HANDOVER} end`;
// [String!]!: one-dimensional and without null elements, or the executor reports an error.
const STRING_LIST = (expr: string) =>
  `case when array_ndims(${expr}) is null or (array_ndims(${expr}) = 1 and array_position(${expr}, null) is null) then to_json(${expr})::text else ${HANDOVER} end`;
/** A string (PostgreSQL's escaping of strings is JSON's), or null. */
const JSON_TEXT = (expr: string) => `coalesce(to_json(${expr})::text, 'null')`;
const INT = (expr: string) => `coalesce((${expr})::text, 'null')`;
const BOOLEAN = (expr: string) => `case when ${expr} then 'true' when not ${expr} then 'false' else 'null' end`;

/** The codecs that name their value more than once (see once). */
const REPEATS_ITS_VALUE = new Set([FLOAT, BOOLEAN, ISO]);

/** The codec of each scalar the read model serves; a scalar not listed here is not compiled. */
const SCALARS: Record<string, (expr: string) => string> = {
  String: JSON_TEXT,
  ID: JSON_TEXT,
  Int: INT,
  Float: FLOAT,
  Boolean: BOOLEAN,
  DateTime: ISO,
};

/** A column of a row (`a.title`): as cheap to read twice as once. */
const COLUMN = /^[a-z_][a-z0-9_]*\.[a-z_][a-z0-9_]*$/;

/**
 * `codec`, which names its value more than once, over a value worked out once: PostgreSQL computes
 * an expression as often as the text repeats it, and STRING_LIST names it four times, so the
 * highlights of a page of 100 search results ran ts_headline over every body four times (215 ms of
 * the statement's 257 at 10,000 articles) and `paragraphs` split every body four times. `offset 0`
 * keeps PostgreSQL from pulling the subquery up, which would copy the expression back in.
 */
const once =
  (codec: (expr: string) => string) =>
  (expr: string): string =>
    COLUMN.test(expr)
      ? codec(expr)
      : `(select ${codec('codec_once.v')} from (select ${expr} as v offset 0) codec_once)`;

/** The codec for a field of this type, or undefined when the read model cannot write it. */
export function codecFor(type: GraphQLOutputType): ((expr: string) => string) | undefined {
  const inner = isNonNullType(type) ? type.ofType : type;
  if (isListType(inner)) {
    const item = getNamedType(inner);
    return item.name === 'String' ? once(STRING_LIST) : undefined;
  }
  if (isEnumType(inner)) return (expr) => JSON_TEXT(`(${expr})::text`);
  if (isScalarType(inner)) {
    const codec = SCALARS[inner.name];
    return codec && REPEATS_ITS_VALUE.has(codec) ? once(codec) : codec;
  }
  return undefined;
}

/** The JSON text of a cursor (encodeCursor in src/schema/pagination.ts): base64url, unpadded, as a JSON string. */
export const CURSOR = (json: string) =>
  `to_json(rtrim(translate(encode(convert_to(${json}, 'UTF8'), 'base64'), E'+/\\n', '-_'), '='))::text`;
/** CURSOR over a fragment. */
export const cursorSql = (json: RawBuilder<unknown>) =>
  sql`to_json(rtrim(translate(encode(convert_to(${json}, 'UTF8'), 'base64'), E'+/\\n', '-_'), '='))::text`;

/**
 * For the executor's reads (compileField): any scalar as plain JSON, which the scalar's `serialize`
 * then writes as it writes a value from the loaders (a DateTime from its text, a Float from its
 * number), so nothing needs handing over.
 */
export const runtimeCodec = (expr: string) => `coalesce(to_json(${expr})::text, 'null')`;

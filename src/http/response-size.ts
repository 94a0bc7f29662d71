/**
 * The size of an answer as JSON, measured on the result object before anything serialises it:
 * serialising an oversized answer holds it twice (the objects and the text), which is what ran a
 * 192 MB heap out (sixteen megabytes of paragraphs under thirty aliases, ten at a time).
 */

/** A result that already knows its JSON size (a compiled read's text) carries it under this key. */
export const JSON_BYTES = Symbol('broadsheet.jsonBytes');

/**
 * A result that knows, without measuring, at most how many bytes it takes (a compiled read's text:
 * UTF-8 takes at most three bytes for each UTF-16 code unit) carries that bound under this key,
 * and a method under JSON_BYTES_AS_WRITTEN that measures what the bound was read of. Measuring
 * walks the whole text (about 5 µs for an article page); the response limit does it only when the
 * bound does not settle whether the answer fits.
 */
export const JSON_BYTES_AT_MOST = Symbol('broadsheet.jsonBytesAtMost');
export const JSON_BYTES_AS_WRITTEN = Symbol('broadsheet.jsonBytesAsWritten');

export interface BoundedJsonSize {
  [JSON_BYTES_AT_MOST]: number | undefined;
  [JSON_BYTES_AS_WRITTEN](): number;
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: JSON escapes exactly these control characters
const ESCAPED = /["\\\u0000-\u001f]/g;

function stringBytes(text: string): number {
  // Quotes, and a backslash for each character JSON escapes (control characters take more; rare).
  const escapes = text.length > 64 ? 0 : (text.match(ESCAPED)?.length ?? 0);
  return Buffer.byteLength(text) + 2 + escapes;
}

/**
 * Bytes `value` takes as JSON, counted until they pass `limit` (then a number over it is returned
 * at once). Walked without recursion; escapes in long strings are not counted, so it may fall
 * short of JSON.stringify by the newlines and quotes of long texts.
 */
export function jsonBytes(value: unknown, limit: number = Number.POSITIVE_INFINITY): number {
  let total = 0;
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const current = stack.pop();
    if (typeof current === 'string') total += stringBytes(current);
    else if (typeof current === 'number') total += String(current).length;
    else if (typeof current === 'boolean') total += current ? 4 : 5;
    else if (current === null || current === undefined) total += 4;
    else if (Array.isArray(current)) {
      total += 2 + Math.max(0, current.length - 1);
      for (const item of current) stack.push(item);
    } else if (typeof current === 'object') {
      const known = (current as { [JSON_BYTES]?: number })[JSON_BYTES];
      if (typeof known === 'number') {
        total += known;
        continue;
      }
      const entries = Object.entries(current as Record<string, unknown>);
      total += 2 + Math.max(0, entries.length - 1);
      for (const [key, item] of entries) {
        if (item === undefined) continue;
        total += stringBytes(key) + 1;
        stack.push(item);
      }
    }
    if (total > limit) return total;
  }
  return total;
}

import { createHash } from 'node:crypto';
import type { DocumentNode, Token } from 'graphql';

/**
 * Keys of caches fed by request text: the text itself would be held twice (key and value) and an
 * outsider chooses its length; its digest is 44 characters whatever it hashes.
 */
export function textKey(text: string): string {
  return createHash('sha256').update(text).digest('base64');
}

/** What a JS string costs on the heap, at most (two bytes a character, plus its header). */
export const stringBytes = (text: string): number => 2 * text.length + 32;

export interface BoundedCache<V> {
  get(key: string): V | undefined;
  set(key: string, value: V): void;
  has(key: string): boolean;
  delete(key: string): void;
  readonly size: number;
  /** The estimated bytes held, never above `maxBytes`. */
  readonly bytes: number;
}

/**
 * A least-recently-used map bounded by the estimated bytes of its entries (`sizeOf`), not by their
 * count: a cache of documents, plans or responses holds as many small entries as fit and only a
 * few large ones. An entry larger than `maxEntryBytes` (by default an eighth of the whole) is not
 * kept, so one request cannot flush everything else.
 */
export function createBoundedCache<V>(options: { maxBytes: number; maxEntryBytes?: number; sizeOf: (value: V, key: string) => number }): BoundedCache<V> {
  const entries = new Map<string, { value: V; bytes: number }>();
  const maxEntryBytes = options.maxEntryBytes ?? Math.floor(options.maxBytes / 8);
  let bytes = 0;
  const remove = (key: string) => {
    const found = entries.get(key);
    if (!found) return;
    entries.delete(key);
    bytes -= found.bytes;
  };
  return {
    get(key) {
      const found = entries.get(key);
      if (!found) return undefined;
      entries.delete(key);
      entries.set(key, found);
      return found.value;
    },
    set(key, value) {
      remove(key);
      // The key's string and the Map's slot count too.
      const size = options.sizeOf(value, key) + stringBytes(key) + 64;
      if (size > maxEntryBytes) return;
      entries.set(key, { value, bytes: size });
      bytes += size;
      while (bytes > options.maxBytes) remove(entries.keys().next().value!);
    },
    has: (key) => entries.has(key),
    delete: remove,
    get size() {
      return entries.size;
    },
    get bytes() {
      return bytes;
    },
  };
}

/**
 * What a parsed document holds on the heap: its source text (every location points into it) and
 * about 300 bytes a token (graphql-js keeps the whole token list, comments included, linked from
 * the AST; measured at 290-450 with graphql 16). A 20 kB document of 3000 tokens holds about 1 MB.
 */
export function documentBytes(document: DocumentNode): number {
  let tokens = 0;
  for (let token: Token | null | undefined = document.loc?.startToken; token; token = token.next) tokens += 1;
  return stringBytes(document.loc?.source.body ?? '') + 400 * tokens;
}

interface TextKeyedCache<V> {
  get(text: string): V | undefined;
  set(text: string, value: V): void;
}

/** A bounded cache that callers key by text (yoga's document cache) and that keys by its hash. */
export function textKeyedCache<V>(cache: BoundedCache<V>): TextKeyedCache<V> {
  return {
    get: (text) => cache.get(textKey(text)),
    set: (text, value) => cache.set(textKey(text), value),
  };
}

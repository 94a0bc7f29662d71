import { createHash } from 'node:crypto';
import type { DocumentNode, Token } from 'graphql';
import type { Redis } from 'ioredis';

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
  /** Whether the entry was kept: not when it alone is over `maxEntryBytes`. */
  set(key: string, value: V): boolean;
  has(key: string): boolean;
  delete(key: string): void;
  clear(): void;
  readonly size: number;
  /** The estimated bytes held, never above `maxBytes`. */
  readonly bytes: number;
}

export interface BoundedCacheOptions<V> {
  maxBytes: number;
  /** No entry larger than this is kept; by default an eighth of `maxBytes`. */
  maxEntryBytes?: number;
  sizeOf: (value: V, key: string) => number;
  /** Called for every entry that leaves: evicted, replaced, deleted or cleared. */
  onRemove?: (key: string, value: V) => void;
}

/**
 * The one least-recently-used map of the server, bounded by the estimated bytes of its entries
 * (`sizeOf`), not by their count: a cache of documents, plans or responses holds as many small
 * entries as fit and only a few large ones. An entry larger than `maxEntryBytes` is not kept, so
 * one request cannot flush everything else.
 */
export function createBoundedCache<V>(options: BoundedCacheOptions<V>): BoundedCache<V> {
  // A Map iterates in insertion order; an entry read moves to the end, so the first is the least recently used.
  const entries = new Map<string, { value: V; bytes: number }>();
  const maxEntryBytes = Math.min(options.maxEntryBytes ?? Math.floor(options.maxBytes / 8), options.maxBytes);
  let bytes = 0;
  const remove = (key: string) => {
    const found = entries.get(key);
    if (!found) return;
    entries.delete(key);
    bytes -= found.bytes;
    options.onRemove?.(key, found.value);
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
      if (size > maxEntryBytes) return false;
      entries.set(key, { value, bytes: size });
      bytes += size;
      while (bytes > options.maxBytes) remove(entries.keys().next().value!);
      return true;
    },
    has: (key) => entries.has(key),
    delete: remove,
    clear() {
      for (const key of [...entries.keys()]) remove(key);
    },
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

/** What yoga's parser cache asks of a cache: lookups by the document's text. */
export interface TextKeyedCache<V> {
  get(text: string): V | undefined;
  set(text: string, value: V): void;
}

/** A bounded cache that callers key by text (yoga's document cache) and that keys by its hash. */
export function textKeyedCache<V>(cache: BoundedCache<V>): TextKeyedCache<V> {
  return {
    get: (text) => cache.get(textKey(text)),
    set: (text, value) => void cache.set(textKey(text), value),
  };
}

/** A share of bytes all instances may write to Redis per window; see createRedisWindowBudget. */
export interface RedisWindowBudget {
  /** Counts `bytes` against the current window; whether they still fit in it. */
  take(bytes: number): Promise<boolean>;
}

/**
 * Bounds what outsiders can make a shared Redis hold, across instances: writes count their bytes
 * into one counter per `windowMs`-long window (`<counterPrefix><window>`), and once `maxBytes` were
 * counted in a window, writes are refused until the next one. Entries that live at most `windowMs`
 * then take at most about twice `maxBytes`, whoever writes them.
 */
export function createRedisWindowBudget(
  redis: Redis,
  counterPrefix: string,
  { windowMs, maxBytes, now = Date.now }: { windowMs: number; maxBytes: number; now?: () => number },
): RedisWindowBudget {
  return {
    async take(bytes) {
      const counter = `${counterPrefix}${Math.floor(now() / windowMs)}`;
      const [[, used]] = (await redis
        .multi()
        .incrby(counter, bytes)
        .pexpire(counter, 2 * windowMs)
        .exec()) as [[unknown, number]];
      return used <= maxBytes;
    },
  };
}

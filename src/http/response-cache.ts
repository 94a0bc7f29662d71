import { type Cache, useResponseCache } from '@graphql-yoga/plugin-response-cache';
import { decodeGlobalID, encodeGlobalID } from '@pothos/plugin-relay';
import type { ExecutionResult } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { Redis } from 'ioredis';
import { PREVIEW_HEADER } from '../auth/preview.js';
import { DEFAULT_RESPONSE_CACHE_SIZES, DEFAULT_RESPONSE_CACHE_TTL_MS } from '../config.js';
import { createBoundedCache, createRedisWindowBudget } from './bounded.js';

type CacheEntityRecord = { typename: string; id?: number | string };

/**
 * Where cached responses live. Every invalidation moves the store to a new generation; a response
 * is stored only if the store is still at the generation it was at when the request looked it up,
 * before it read the database. So a read that was in flight when a write committed and invalidated
 * is never stored over the write: writes win.
 */
export interface ResponseStore {
  get(id: string): Promise<ExecutionResult | undefined>;
  /** The entry and the store's current generation, read together. */
  lookup(id: string): Promise<{ generation: string; result: ExecutionResult | undefined }>;
  /** Stores unless the generation moved on or the response is larger than the per-entry cap. */
  setIfCurrent(
    generation: string,
    id: string,
    result: ExecutionResult,
    entities: CacheEntityRecord[],
    ttlMs: number,
  ): Promise<boolean>;
  invalidate(entities: Iterable<CacheEntityRecord>): Promise<void>;
  invalidateAll(): Promise<void>;
}

export interface ResponseCacheSizes {
  /**
   * In memory: the most bytes all entries (with their index keys) may take. In Redis: the bytes all
   * instances may store per TTL window (entries live at most a window, so Redis holds at most about
   * twice this; past it, answers are not cached until the next window).
   */
  maxBytes: number;
  /** A response whose JSON is larger than this is not stored. */
  maxEntryBytes: number;
}

/** What an invalidation names: a whole type, or one `Type:id`. */
function invalidatedKeysOf(entities: Iterable<CacheEntityRecord>): Set<string> {
  const keys = new Set<string>();
  for (const { typename, id } of entities) keys.add(id == null ? typename : `${typename}:${id}`);
  return keys;
}

/** The index keys of a response: each type it holds, and each `Type:id`. */
function indexKeysOf(entities: Iterable<CacheEntityRecord>): Set<string> {
  const keys = new Set<string>();
  for (const { typename, id } of entities) {
    keys.add(typename);
    if (id != null) keys.add(`${typename}:${id}`);
  }
  return keys;
}

// What an entry costs besides its JSON and its key: the record, its Buffer and ArrayBuffer objects
// (about 80 bytes of heap) and the ArrayBuffer's native record, the index sets' slots and keys.
const ENTRY_OVERHEAD_BYTES = 300;
const INDEX_KEY_OVERHEAD_BYTES = 80;

interface MemoryEntry {
  /** A Buffer of its own (ownedJson), so that its ArrayBuffer is the JSON's bytes and no more. */
  json: Buffer;
  expiresAt: number;
  keys: string[];
}

export interface MemoryResponseStore extends ResponseStore {
  /** What the store holds now, by its own accounting. */
  usage(): { bytes: number; entries: number };
}

/**
 * The JSON in a Buffer that owns its memory. Buffer.from() puts a text under 4 kB into a slice of
 * Node's shared 8 kB pool, and a slice kept keeps its whole slab: with a request's other pooled
 * buffers (cursors, bodies) between two stores, 20,000 answers of 231 bytes held 164 MB of
 * ArrayBuffers while the cache counted 19.5 MB (scratch measurement), so an anonymous client
 * sending distinct small queries filled up to 8 times RESPONSE_CACHE_MAX_BYTES outside the heap.
 */
function ownedJson(text: string): Buffer {
  const json = Buffer.allocUnsafeSlow(Buffer.byteLength(text));
  json.write(text, 'utf8');
  return json;
}

/**
 * The server's byte-bounded LRU (bounded.ts), holding each response as its JSON in a Buffer of its
 * own (outside the V8 heap), counted by the ArrayBuffer it keeps alive, under the key the plugin
 * gives (a SHA-256 of the operation and variables), with an index from each type and `Type:id` to
 * the entries naming it.
 */
export function createMemoryResponseStore(
  sizes: ResponseCacheSizes = DEFAULT_RESPONSE_CACHE_SIZES,
): MemoryResponseStore {
  const index = new Map<string, Set<string>>();
  const entries = createBoundedCache<MemoryEntry>({
    maxBytes: sizes.maxBytes,
    // The JSON's own cap is checked before; this only keeps one entry from exceeding the whole.
    maxEntryBytes: sizes.maxBytes,
    sizeOf: (entry) =>
      entry.json.buffer.byteLength +
      ENTRY_OVERHEAD_BYTES +
      entry.keys.reduce((sum, key) => sum + key.length + INDEX_KEY_OVERHEAD_BYTES, 0),
    onRemove(id, entry) {
      for (const key of entry.keys) {
        const ids = index.get(key);
        ids?.delete(id);
        if (ids?.size === 0) index.delete(key);
      }
    },
  });
  let generation = 0;

  const read = (id: string): ExecutionResult | undefined => {
    const entry = entries.get(id);
    if (!entry) return undefined;
    if (entry.expiresAt <= Date.now()) {
      entries.delete(id);
      return undefined;
    }
    return JSON.parse(entry.json.toString('utf8')) as ExecutionResult;
  };

  return {
    async get(id) {
      return read(id);
    },
    async lookup(id) {
      return { generation: String(generation), result: read(id) };
    },
    async setIfCurrent(seen, id, result, entities, ttlMs) {
      if (seen !== String(generation)) return false;
      const json = ownedJson(JSON.stringify(result));
      if (json.byteLength > sizes.maxEntryBytes) return false;
      const keys = [...indexKeysOf(entities)];
      if (
        !entries.set(id, {
          json,
          expiresAt: Number.isFinite(ttlMs) ? Date.now() + ttlMs : Number.POSITIVE_INFINITY,
          keys,
        })
      )
        return false;
      for (const key of keys) {
        let ids = index.get(key);
        if (!ids) {
          ids = new Set();
          index.set(key, ids);
        }
        ids.add(id);
      }
      return true;
    },
    async invalidate(records) {
      generation += 1;
      for (const key of invalidatedKeysOf(records)) {
        for (const id of [...(index.get(key) ?? [])]) entries.delete(id);
      }
    },
    async invalidateAll() {
      generation += 1;
      entries.clear();
    },
    usage: () => ({ bytes: entries.bytes, entries: entries.size }),
  };
}

/**
 * Stores an entry only if the generation is still the one the request read, adding its id to each
 * index set in the same step (so an invalidation that bumps the generation and then empties the
 * index sets never misses it). Each index set also drops up to two members whose entry has
 * expired, so it stays about as large as the live entries it points to.
 *
 * KEYS: generation, result, index sets…   ARGV: generation seen, JSON, TTL ms (0: none), id,
 * index TTL ms (0: none), prefix of result keys.
 */
const SET_IF_CURRENT = `
if (redis.call('GET', KEYS[1]) or '0') ~= ARGV[1] then return 0 end
local ttl = tonumber(ARGV[3])
if ttl > 0 then redis.call('SET', KEYS[2], ARGV[2], 'PX', ttl) else redis.call('SET', KEYS[2], ARGV[2]) end
local indexTtl = tonumber(ARGV[5])
for i = 3, #KEYS do
  for _, member in ipairs(redis.call('SRANDMEMBER', KEYS[i], 2)) do
    if redis.call('EXISTS', ARGV[6] .. member) == 0 then redis.call('SREM', KEYS[i], member) end
  end
  redis.call('SADD', KEYS[i], ARGV[4])
  if indexTtl > 0 then redis.call('PEXPIRE', KEYS[i], indexTtl) end
end
return 1`;

type RedisWithCacheCommands = Redis & {
  broadsheetCacheSet(numberOfKeys: number, ...keysThenArgs: (string | number)[]): Promise<number>;
};

/**
 * Response-cache entries keyed under one prefix, with an index set per entity (`Article:<id>`), per
 * type (`Article`) and one of every entry, so invalidation never scans the keyspace (no KEYS) and
 * instances sharing a Redis share the cache and its generation counter.
 */
export function createRedisResponseStore(
  redis: Redis,
  prefix: string,
  sizes: ResponseCacheSizes = DEFAULT_RESPONSE_CACHE_SIZES,
  { windowMs = DEFAULT_RESPONSE_CACHE_TTL_MS, now }: { windowMs?: number; now?: () => number } = {},
): ResponseStore {
  const resultPrefix = `${prefix}rc:result:`;
  const resultKey = (id: string) => `${resultPrefix}${id}`;
  const indexKey = (key: string) => `${prefix}rc:index:${key}`;
  const allKey = `${prefix}rc:all`;
  const generationKey = `${prefix}rc:generation`;
  if (!('broadsheetCacheSet' in redis)) redis.defineCommand('broadsheetCacheSet', { lua: SET_IF_CURRENT });
  const client = redis as RedisWithCacheCommands;
  const budget = createRedisWindowBudget(redis, `${prefix}rc:bytes:`, { windowMs, maxBytes: sizes.maxBytes, now });

  const dropIndexes = async (indexes: string[]) => {
    for (const index of indexes) {
      const ids = await redis.smembers(index);
      await redis.del(index);
      for (let start = 0; start < ids.length; start += 1000)
        await redis.del(...ids.slice(start, start + 1000).map(resultKey));
    }
  };

  return {
    async get(id) {
      const found = await redis.get(resultKey(id));
      return found ? (JSON.parse(found) as ExecutionResult) : undefined;
    },
    async lookup(id) {
      const [generation, found] = await redis.mget(generationKey, resultKey(id));
      return { generation: generation ?? '0', result: found ? (JSON.parse(found) as ExecutionResult) : undefined };
    },
    async setIfCurrent(generation, id, result, entities, ttlMs) {
      const json = JSON.stringify(result);
      const bytes = Buffer.byteLength(json, 'utf8');
      if (bytes > sizes.maxEntryBytes) return false;
      // No entry outlives the budget's window, or the budget would not bound what Redis holds.
      const ttl = Math.max(1, Math.round(Math.min(ttlMs, windowMs)));
      // An index outlives its entries by a little; a stale member only costs a DEL of nothing.
      const indexTtl = ttl + 60_000;
      const indexes = [...[...indexKeysOf(entities)].map(indexKey), allKey];
      if (!(await budget.take(bytes + id.length * (indexes.length + 1)))) return false;
      const keys = [generationKey, resultKey(id), ...indexes];
      return (
        (await client.broadsheetCacheSet(keys.length, ...keys, generation, json, ttl, id, indexTtl, resultPrefix)) === 1
      );
    },
    async invalidate(records) {
      // The generation first: a store racing with the deletions below is then refused.
      await redis.incr(generationKey);
      await dropIndexes([...invalidatedKeysOf(records)].map(indexKey));
    },
    async invalidateAll() {
      await redis.incr(generationKey);
      await dropIndexes([allKey]);
    },
  };
}

export function createResponseCacheStore(
  redis: Redis | undefined,
  prefix: string,
  sizes: ResponseCacheSizes = DEFAULT_RESPONSE_CACHE_SIZES,
): ResponseStore {
  return redis ? createRedisResponseStore(redis, prefix, sizes) : createMemoryResponseStore(sizes);
}

export interface CacheCounters {
  hit(): void;
  miss(): void;
}

/**
 * How writes keep the public cache honest. Mutations that return the objects they changed
 * invalidate those automatically; every committed write also reports itself (the app's port, src/changes.ts).
 */
export interface ContentInvalidation {
  /** Drops cached responses that contain any of these articles (database ids). */
  invalidateArticles(ids: readonly number[]): Promise<void>;
  /** Drops cached responses that contain any of these entities (database ids). */
  invalidateEntities(ids: readonly number[]): Promise<void>;
  /** Drops every cached response that contains an object of these types, e.g. ['Article'] after a publish. */
  invalidateTypes(typenames: readonly string[]): Promise<void>;
  /** Drops every cached response. */
  invalidateAll(): Promise<void>;
}

export const noInvalidation: ContentInvalidation = {
  invalidateArticles: async () => {},
  invalidateEntities: async () => {},
  invalidateTypes: async () => {},
  invalidateAll: async () => {},
};

export function createInvalidation(store: ResponseStore): ContentInvalidation {
  const drop = async (records: CacheEntityRecord[]) => {
    if (records.length > 0) await store.invalidate(records);
  };
  return {
    invalidateArticles: (ids) => drop(ids.map((id) => ({ typename: 'Article', id: encodeGlobalID('Article', id) }))),
    invalidateEntities: (ids) => drop(ids.map((id) => ({ typename: 'Entity', id: encodeGlobalID('Entity', id) }))),
    invalidateTypes: (typenames) => drop(typenames.map((typename) => ({ typename }))),
    invalidateAll: () => store.invalidateAll(),
  };
}

/** The header a federation gateway sends its shared secret in (src/http/federation-gate.ts). */
export const FEDERATION_SECRET_HEADER = 'x-federation-secret';

/**
 * Only the public read API is cached: any request with credentials bypasses the cache. A gateway's
 * `x-federation-secret` does not: what it unlocks, `_service`, is never stored (see useCaching),
 * and the rest of a gateway's traffic is public reads like any other.
 */
export function isPublicRequest(request: Request): boolean {
  return !request.headers.get('authorization') && !request.headers.get('cookie') && !isPreviewRequest(request);
}

/** A request with a preview link's token (Broadsheet-Preview): its answer is for its sender alone, never stored. */
export function isPreviewRequest(request: Request): boolean {
  return !!request.headers.get(PREVIEW_HEADER);
}

/** The most bytes of purge keys an answer names before it names only the types in it. */
export const MAX_SURROGATE_KEY_BYTES = 8000;

/**
 * The purge keys of an answer, from the objects the response cache found in it (with their ids,
 * through its own metadata fields, whichever fields the client selected): each object as
 * `<type>:<database id>` (`article:42`, `entity:7`, `section:3`), and each type as `<type>`
 * (`article`), which a CDN purges when a list may have gained an article that it does not name.
 * An answer naming more objects than fit in MAX_SURROGATE_KEY_BYTES names its types only.
 */
export function surrogateKeysOf(entities: Iterable<CacheEntityRecord>): string[] {
  const types = new Set<string>();
  const objects = new Set<string>();
  for (const { typename, id } of entities) {
    const type = typename.toLowerCase();
    types.add(type);
    if (id == null) continue;
    let key = String(id);
    try {
      const decoded = decodeGlobalID(key);
      if (decoded.typename === typename) key = decoded.id;
    } catch {
      // Not a global id: the object is named by the id it has.
    }
    objects.add(`${type}:${key}`);
  }
  const all = [...types, ...objects];
  return Buffer.byteLength(all.join(' ')) <= MAX_SURROGATE_KEY_BYTES ? all : [...types];
}

/**
 * Names the purge keys of an answer the cache stores in its own headers (extensions.http, which
 * yoga sends as headers and leaves out of the body), so the answer carries them whether it was
 * just made or is read from the store: Surrogate-Key (Fastly, Varnish: space-separated) and
 * Cache-Tag (Cloudflare, Akamai: comma-separated).
 */
function withSurrogateKeys(result: ExecutionResult, entities: CacheEntityRecord[]): void {
  const keys = surrogateKeysOf(entities);
  if (keys.length === 0) return;
  result.extensions ??= {};
  const extensions = result.extensions as { http?: { headers?: Record<string, string> } };
  extensions.http ??= {};
  extensions.http.headers ??= {};
  const headers = extensions.http.headers;
  headers['Surrogate-Key'] = keys.join(' ');
  headers['Cache-Tag'] = keys.join(',');
}

/**
 * The cache as the response-cache plugin sees it. Shared lookups (yoga's, before parsing) read the
 * store; the plugin's per-request instance (it calls a function cache with the request's context)
 * remembers the generation its lookup saw, before execution, and stores only at that generation.
 * A store that fails (Redis unreachable) is a miss, never a failed request.
 */
function requestScopedCache(store: ResponseStore, counters?: CacheCounters): Cache {
  const count = (found: ExecutionResult | undefined) => {
    if (found) counters?.hit();
    else counters?.miss();
    return found;
  };
  const invalidate = (entities: Iterable<CacheEntityRecord>) => store.invalidate([...entities]).catch(() => {});
  const shared: Cache = {
    get: async (id) => count(await store.get(id).catch(() => undefined)),
    // Stores go through a request's own instance, which knows the generation it read at.
    set: () => {},
    invalidate,
  };
  const forRequest = (): Cache => {
    let generation: string | undefined;
    return {
      async get(id) {
        const found = await store.lookup(id).catch(() => undefined);
        generation = found?.generation;
        return count(found?.result);
      },
      async set(id, result, entities, ttl) {
        const records = [...entities];
        // The answer on its way out is this object: it gets its keys as it is stored.
        withSurrogateKeys(result, records);
        if (generation === undefined) return;
        await store.setIfCurrent(generation, id, result, records, ttl).catch(() => false);
      },
      invalidate,
    };
  };
  return Object.assign(forRequest, shared);
}

/**
 * The response cache: public answers kept for `ttlMs`, by operation and variables. Its HTTP
 * headers are useHttpCaching's (src/http/http-cache.ts): the plugin's own validators are the
 * operation's cache key and the time it was stored, which do not change with the answer, and its
 * shortcut that answered 304 to an If-None-Match naming a key still cached is left out.
 */
export function useCaching(store: ResponseStore, ttlMs: number, counters?: CacheCounters): Plugin {
  const { onRequest: _answersByCacheKey, ...plugin } = useResponseCache({
    cache: requestScopedCache(store, counters),
    session: () => null,
    enabled: (request) => isPublicRequest(request),
    ttl: ttlMs,
    // The schema is for gateways only (src/http/federation-gate.ts): never cached for anyone.
    ttlPerSchemaCoordinate: { 'Query._service': 0 },
    includeExtensionMetadata: false,
    invalidateViaMutation: true,
  });
  return plugin as Plugin;
}

import { type Cache, createInMemoryCache, useResponseCache } from '@graphql-yoga/plugin-response-cache';
import { encodeGlobalID } from '@pothos/plugin-relay';

import type { ExecutionResult } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { Redis } from 'ioredis';

type CacheEntityRecord = { typename: string; id?: number | string };

/**
 * Response-cache entries keyed under one prefix, with an index set per entity (`Article:<id>`) and
 * per type (`Article`), so invalidation never scans the keyspace (no KEYS) and instances sharing a
 * Redis share the cache.
 */
export function createRedisResponseCache(redis: Redis, prefix: string): Cache {
  const resultKey = (id: string) => `${prefix}rc:result:${id}`;
  const indexKey = (entity: CacheEntityRecord) => `${prefix}rc:index:${entity.typename}${entity.id != null ? `:${entity.id}` : ''}`;
  return {
    async set(id, result, entities, ttl) {
      const pipeline = redis.pipeline();
      const finite = Number.isFinite(ttl);
      if (finite) pipeline.set(resultKey(id), JSON.stringify(result), 'PX', Math.max(1, Math.round(ttl)));
      else pipeline.set(resultKey(id), JSON.stringify(result));
      const indexes = new Set<string>();
      for (const entity of entities) {
        indexes.add(indexKey({ typename: entity.typename }));
        if (entity.id != null) indexes.add(indexKey(entity));
      }
      for (const index of indexes) {
        pipeline.sadd(index, id);
        // An index outlives its entries by a little; a stale member only costs a DEL of nothing.
        if (finite) pipeline.pexpire(index, Math.round(ttl) + 60_000);
      }
      await pipeline.exec();
    },
    async get(id) {
      const found = await redis.get(resultKey(id));
      return found ? (JSON.parse(found) as ExecutionResult) : undefined;
    },
    async invalidate(entities) {
      for (const entity of entities) {
        const index = indexKey(entity);
        const ids = await redis.smembers(index);
        const keys = [index, ...ids.map(resultKey)];
        await redis.del(...keys);
      }
    },
  };
}

export interface CacheCounters {
  hit(): void;
  miss(): void;
}

/** Counts lookups for the metrics, without changing what the cache does. */
export function countingCache(cache: Cache, counters: CacheCounters): Cache {
  return {
    set: (id, result, entities, ttl) => cache.set(id, result, entities, ttl),
    invalidate: (entities) => cache.invalidate(entities),
    async get(id) {
      const found = await cache.get(id);
      if (found) counters.hit();
      else counters.miss();
      return found;
    },
  };
}

/**
 * How writes keep the public cache honest. Mutations that return the objects they changed
 * invalidate those automatically; these are for everything else (imports, list membership).
 */
export interface ContentInvalidation {
  /** Drops cached responses that contain any of these articles (database ids). */
  invalidateArticles(ids: readonly number[]): Promise<void>;
  /** Drops cached responses that contain any of these entities (database ids). */
  invalidateEntities(ids: readonly number[]): Promise<void>;
  /** Drops every cached response that contains an object of these types, e.g. ['Article'] after a publish. */
  invalidateTypes(typenames: readonly string[]): Promise<void>;
}

export const noInvalidation: ContentInvalidation = {
  invalidateArticles: async () => {},
  invalidateEntities: async () => {},
  invalidateTypes: async () => {},
};

export function createInvalidation(cache: Cache): ContentInvalidation {
  const drop = async (records: CacheEntityRecord[]) => {
    if (records.length > 0) await cache.invalidate(records);
  };
  return {
    invalidateArticles: (ids) => drop(ids.map((id) => ({ typename: 'Article', id: encodeGlobalID('Article', id) }))),
    invalidateEntities: (ids) => drop(ids.map((id) => ({ typename: 'Entity', id: encodeGlobalID('Entity', id) }))),
    invalidateTypes: (typenames) => drop(typenames.map((typename) => ({ typename }))),
  };
}

export function createResponseCacheStore(redis: Redis | undefined, prefix: string): Cache {
  return redis ? createRedisResponseCache(redis, prefix) : createInMemoryCache({ max: 5000 });
}

/** Only the public read API is cached: any request with credentials bypasses the cache. */
export function isPublicRequest(request: Request): boolean {
  return !request.headers.get('authorization') && !request.headers.get('cookie');
}

export function useCaching(cache: Cache, ttlMs: number, graphqlEndpoint: string): Plugin[] {
  const maxAge = Math.floor(ttlMs / 1000);
  const headers: Plugin = {
    onResponse({ request, response }) {
      if (new URL(request.url).pathname !== graphqlEndpoint) return;
      response.headers.append('vary', 'Authorization');
      if (response.headers.has('cache-control')) return;
      const cacheable = request.method === 'GET' && isPublicRequest(request) && (response.status === 200 || response.status === 304) && response.headers.has('etag');
      response.headers.set('cache-control', cacheable ? `public, max-age=${maxAge}, stale-while-revalidate=${maxAge}` : 'no-store');
    },
  };
  return [
    useResponseCache({
      cache,
      session: () => null,
      enabled: (request) => isPublicRequest(request),
      ttl: ttlMs,
      includeExtensionMetadata: false,
      invalidateViaMutation: true,
    }) as Plugin,
    headers,
  ];
}

import type { Plugin, YogaServerOptions } from 'graphql-yoga';
import type { Redis } from 'ioredis';
import type pg from 'pg';
import type { NodeEnv } from '../config.js';
import { onContentChanged } from '../content/after-write.js';
import type { Db } from '../db/database.js';
import type { Logger } from '../observability/logger.js';
import { createMetrics, type Metrics, useMetrics } from '../observability/metrics.js';
import { useRequestLogging } from '../observability/requests.js';
import { useTracing } from '../observability/tracing.js';
import { type ContentInvalidation, countingCache, createInvalidation, createResponseCacheStore, noInvalidation, useCaching } from './cache.js';
import { maskError } from './faults.js';
import { createReadinessCheck, type Readiness, useReadiness } from './health.js';
import { useNullTypeLookups, useStableErrorCodes, useStrictContentType } from './http.js';
import { DEFAULT_LIMITS, type Limits, useLimits } from './limits.js';
import { createMemoryDocumentStore, createRedisDocumentStore, useAutomaticPersistedQueries, useTrustedDocuments } from './persisted.js';
import { useRequestParameters } from './request-target.js';

export interface HardeningOptions {
  /** Decides the defaults of introspection, suggestions and error details. */
  nodeEnv?: NodeEnv;
  limits?: Partial<Limits>;
  maxBatch?: number;
  /** Body limit of requests without credentials (Content-Length checked up front). */
  maxBodyBytes?: number;
  /** Body limit of every request, enforced while reading (chunked bodies too). */
  maxBodyBytesAuthenticated?: number;
  /** Open (development) or closed (production): introspection, field suggestions, error details. */
  introspection?: boolean;
  /** Cache the public read API for this long; false (the default for createApp) caches nothing. */
  responseCache?: false | { ttlMs: number };
  redis?: Redis;
  redisKeyPrefix?: string;
  /** Automatic persisted queries; on unless trusted documents are given. */
  apq?: boolean;
  /** Trusted-documents mode: only these operations (hash -> document) run. */
  trustedDocuments?: ReadonlyMap<string, string>;
  logger?: Logger;
  /** Metrics to count into and serve at /metrics; one is made when not given. */
  metrics?: Metrics;
  pool?: pg.Pool;
}

export interface Operations {
  invalidation: ContentInvalidation;
  metrics: Metrics;
  readiness: () => Promise<Readiness>;
  /** Whether introspection and error details are open (development) or closed (production). */
  open: boolean;
}

export const DEFAULT_MAX_BATCH = 10;
export const DEFAULT_MAX_BODY_BYTES = 100_000;
export const DEFAULT_MAX_BODY_BYTES_AUTHENTICATED = 2_000_000;

/** The plugins and yoga options that make the API safe to put on the internet. */
export function harden(
  db: Db,
  options: HardeningOptions,
  graphqlEndpoint: string,
): {
  plugins: Plugin[];
  yoga: Partial<YogaServerOptions<Record<string, unknown>, Record<string, unknown>>>;
  ops: Operations;
  /** The limits in force (defaults filled in), for handlers outside yoga. */
  limits: Limits;
  /** The body limit of requests without credentials. */
  maxBodyBytes: number;
} {
  const nodeEnv = options.nodeEnv ?? 'development';
  const open = options.introspection ?? nodeEnv !== 'production';
  const limits = { ...DEFAULT_LIMITS, ...options.limits };
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const metrics = options.metrics ?? createMetrics({ pool: options.pool });
  const readiness = createReadinessCheck(db);
  const prefix = options.redisKeyPrefix ?? 'broadsheet:';

  const plugins: Plugin[] = [useStrictContentType(graphqlEndpoint, maxBodyBytes), useTracing(), useMetrics(metrics)];
  // Before the response cache and persisted queries, which read the parameters it checks.
  plugins.push(useRequestParameters());
  if (options.logger) plugins.push(useRequestLogging(options.logger));
  plugins.push(useReadiness(readiness, { details: nodeEnv !== 'production' }));

  if (options.trustedDocuments) plugins.push(useTrustedDocuments(options.trustedDocuments));
  else if (options.apq ?? true) {
    plugins.push(useAutomaticPersistedQueries(options.redis ? createRedisDocumentStore(options.redis, prefix) : createMemoryDocumentStore()));
  }
  plugins.push(...useLimits(limits, { closed: !open }));
  if (!open) plugins.push(useNullTypeLookups());

  let invalidation = noInvalidation;
  if (options.responseCache) {
    const cache = countingCache(createResponseCacheStore(options.redis, prefix), {
      hit: () => metrics.cache.inc({ result: 'hit' }),
      miss: () => metrics.cache.inc({ result: 'miss' }),
    });
    invalidation = createInvalidation(cache);
    plugins.push(...useCaching(cache, options.responseCache.ttlMs, graphqlEndpoint));
    // Every committed write (mutations, the publication scheduler) reports what it changed. An
    // article change can move it in or out of lists, search and its neighbours' previous/next, so
    // every cached response with an article goes; an entity change drops the responses holding it.
    const drop = invalidation;
    onContentChanged((change) => {
      const work = [
        change.articleIds.length > 0 ? drop.invalidateTypes(['Article']) : undefined,
        change.entityIds.length > 0 ? drop.invalidateEntities(change.entityIds) : undefined,
      ];
      Promise.all(work).catch((error) => options.logger?.error({ err: error }, 'response cache invalidation failed'));
    });
  }
  plugins.push(useStableErrorCodes({ closed: !open }));

  return {
    plugins,
    yoga: {
      maskedErrors: { maskError, isDev: open },
      batching: { limit: options.maxBatch ?? DEFAULT_MAX_BATCH },
      maxRequestBodySize: Math.max(maxBodyBytes, options.maxBodyBytesAuthenticated ?? DEFAULT_MAX_BODY_BYTES_AUTHENTICATED),
      healthCheckEndpoint: '/health',
    },
    ops: { invalidation, metrics, readiness, open },
    limits,
    maxBodyBytes,
  };
}

export type { ContentInvalidation, Limits, Metrics };

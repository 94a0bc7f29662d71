import { type DocumentNode, GraphQLError } from 'graphql';
import type { Plugin, YogaServerOptions } from 'graphql-yoga';
import type { Redis } from 'ioredis';
import type pg from 'pg';
import { Gauge } from 'prom-client';
import type { ContentChanges } from '../changes.js';
import {
  DEFAULT_APQ,
  DEFAULT_CORS_ORIGINS,
  DEFAULT_LIMITS,
  DEFAULT_MAX_BATCH,
  DEFAULT_MAX_BODY_BYTES,
  DEFAULT_MAX_BODY_BYTES_AUTHENTICATED,
  DEFAULT_NODE_ENV,
  DEFAULT_REDIS_KEY_PREFIX,
  DEFAULT_RESPONSE_CACHE_SIZES,
  DEFAULT_SUBSCRIPTION_LIMITS,
  DOCUMENT_CACHE_BYTES,
  DOCUMENT_ERROR_CACHE_BYTES,
  type NodeEnv,
  type RateLimitSettings,
} from '../config.js';
import type { Db } from '../db/database.js';
import type { Logger } from '../observability/logger.js';
import { createMetrics, type Metrics } from '../observability/metrics.js';
import { useRequestObservability } from '../observability/requests.js';
import { createBoundedCache, documentBytes, stringBytes, textKeyedCache } from './bounded.js';
import { maskError } from './database-faults.js';
import { useFederationGate } from './federation-gate.js';
import { createReadinessCheck, type Readiness, useReadiness } from './health.js';
import { useHttpCaching } from './http-cache.js';
import { type Limits, useDocumentSizeLimit, useLimits } from './limits.js';
import {
  createMemoryDocumentStore,
  createRedisDocumentStore,
  useAutomaticPersistedQueries,
  useTrustedDocuments,
} from './persisted.js';
import {
  corsOptions,
  useCodedNotAcceptable,
  useNullTypeLookups,
  useRequestBodyLimit,
  useStableErrorCodes,
  useStrictContentType,
} from './protocol.js';
import { createRateLimiter, type RateLimiter, useRateLimits } from './rate-limits.js';
import { withRecentDocuments } from './recent-documents.js';
import { useRequestParameters } from './request-target.js';
import {
  type ContentInvalidation,
  createInvalidation,
  createMemoryResponseStore,
  createRedisResponseStore,
  noInvalidation,
  type ResponseStore,
  useCaching,
} from './response-cache.js';
import { type SubscriptionLimits, useSubscriptionLimits } from './subscription-limits.js';

export interface HttpPluginOptions {
  /** Decides the defaults of introspection, suggestions and error details. */
  nodeEnv?: NodeEnv;
  limits?: Partial<Limits>;
  maxBatch?: number;
  /** Open subscription streams, in all and per client (see subscription-limits.ts). */
  subscriptions?: Partial<SubscriptionLimits>;
  /** Body limit of requests without credentials (Content-Length checked up front). */
  maxBodyBytes?: number;
  /** Body limit of every request, enforced while reading (chunked bodies too). */
  maxBodyBytesAuthenticated?: number;
  /** Open (development) or closed (production): introspection, field suggestions, error details. */
  introspection?: boolean;
  /**
   * Cache the public read API for this long; false (the default for createApp) caches nothing.
   * In memory it holds at most `maxBytes`; no response larger than `maxEntryBytes` is stored.
   */
  responseCache?: false | { ttlMs: number; maxBytes?: number; maxEntryBytes?: number };
  /** Origins whose pages may call the API (CORS_ORIGINS); any (`*`, the default) or a list. */
  corsOrigins?: '*' | readonly string[];
  /** Where introspection is closed, `_service { sdl }` is served only to requests carrying this secret. */
  federationSecret?: string;
  redis?: Redis;
  redisKeyPrefix?: string;
  /** Automatic persisted queries; on unless trusted documents are given. */
  apq?: boolean;
  /** How long Redis keeps an APQ registration (the in-process store is bounded in bytes instead). */
  apqTtlSeconds?: number;
  /** Trusted-documents mode: only these operations (hash -> document) run. */
  trustedDocuments?: ReadonlyMap<string, string>;
  logger?: Logger;
  /**
   * Per-client token buckets spent by each operation's cost (src/http/rate-limits.ts), in
   * Redis when `redis` is given, in memory otherwise; off (false) unless given. The client's
   * address is read through `subscriptions.trustedProxies` (TRUSTED_PROXIES).
   */
  rateLimits?: RateLimitSettings | false;
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
  /** The rate limits, when on: other HTTP routes (feeds, sitemaps) spend from the same buckets with checkRequest. */
  rateLimiter?: RateLimiter;
}

const errorBytes = (error: unknown) =>
  (error instanceof GraphQLError && error.source ? stringBytes(error.source.body) : 0) + 2000;

/** An explicit invalidation says the content changed: answers' Last-Modified moves with it. */
function datingChanges(invalidation: ContentInvalidation, changes: ContentChanges): ContentInvalidation {
  const dated =
    <A extends unknown[]>(drop: (...args: A) => Promise<void>) =>
    (...args: A) => {
      changes.markChanged();
      return drop(...args);
    };
  return {
    invalidateArticles: dated(invalidation.invalidateArticles),
    invalidateEntities: dated(invalidation.invalidateEntities),
    invalidateTypes: dated(invalidation.invalidateTypes),
    invalidateAll: dated(invalidation.invalidateAll),
  };
}

/** The plugins and yoga options that make the API safe to put on the internet. */
export function createHttpPlugins(
  db: Db,
  options: HttpPluginOptions,
  graphqlEndpoint: string,
  /** Endpoints besides GraphQL (feeds, sitemaps), answered after the logs, metrics and /ready see the request. */
  routes: (metrics: Metrics, rateLimiter: RateLimiter | undefined) => Plugin[] = () => [],
  /** Multipart uploads (GraphQL multipart request spec): the body limit of those, which need credentials. 0: none accepted. */
  uploads: { multipartMaxBytes: number } = { multipartMaxBytes: 0 },
  /** The app's port for committed content changes (src/changes.ts): the caches listen to it. */
  changes: ContentChanges,
): {
  plugins: Plugin[];
  yoga: Partial<YogaServerOptions<Record<string, unknown>, Record<string, unknown>>>;
  ops: Operations;
  /** The limits in force (defaults filled in), for handlers outside yoga. */
  limits: Limits;
  /** The body limit of requests without credentials. */
  maxBodyBytes: number;
  /** The body limit of every request (the roomier one, for requests with credentials). */
  maxRequestBodySize: number;
  /** Subscription streams (and WebSocket connections), defaults filled in. */
  subscriptions: SubscriptionLimits;
} {
  const nodeEnv = options.nodeEnv ?? DEFAULT_NODE_ENV;
  const open = options.introspection ?? nodeEnv !== 'production';
  const limits = { ...DEFAULT_LIMITS, ...options.limits };
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const maxRequestBodySize = Math.max(
    maxBodyBytes,
    options.maxBodyBytesAuthenticated ?? DEFAULT_MAX_BODY_BYTES_AUTHENTICATED,
  );
  const metrics = options.metrics ?? createMetrics({ pool: options.pool });
  const readiness = createReadinessCheck(db);
  const prefix = options.redisKeyPrefix ?? DEFAULT_REDIS_KEY_PREFIX;

  const plugins: Plugin[] = [
    // First: it sees every request to the endpoint, and answers (a 304) before metrics and logs
    // record the status.
    useHttpCaching({
      graphqlEndpoint,
      changes,
      maxAgeSeconds: options.responseCache ? Math.floor(options.responseCache.ttlMs / 1000) : undefined,
      counters: {
        conditional: (notModified) => metrics.conditional.inc({ result: notModified ? 'not_modified' : 'modified' }),
      },
    }),
    useStrictContentType(graphqlEndpoint, maxBodyBytes, uploads.multipartMaxBytes > 0),
    useCodedNotAcceptable(graphqlEndpoint),
    // Spans, metrics and the access log (which the routes after it are in, /metrics aside).
    useRequestObservability({ metrics, logger: options.logger }),
  ];
  // Before the response cache and persisted queries, which read the parameters it checks.
  plugins.push(useRequestParameters());
  plugins.push(useReadiness(readiness, { details: nodeEnv !== 'production' }));
  const trustedProxies = options.subscriptions?.trustedProxies ?? [];
  const rateLimiter = options.rateLimits
    ? createRateLimiter({
        settings: options.rateLimits,
        trustedProxies,
        redis: options.redis,
        redisKeyPrefix: prefix,
        metrics,
        logger: options.logger,
      })
    : undefined;
  plugins.push(...routes(metrics, rateLimiter));

  plugins.push(useDocumentSizeLimit(limits));
  if (options.trustedDocuments) plugins.push(useTrustedDocuments(options.trustedDocuments));
  plugins.push(...useLimits(limits, { closed: !open }));
  // After useLimits: a document is registered once it has passed them (persisted.ts).
  if (!options.trustedDocuments && (options.apq ?? DEFAULT_APQ)) {
    const store = options.redis
      ? createRedisDocumentStore(options.redis, prefix, { ttlSeconds: options.apqTtlSeconds })
      : createMemoryDocumentStore();
    plugins.push(
      useAutomaticPersistedQueries(store, {
        maxDocumentBytes: limits.maxDocumentBytes,
        onStoreError: (error) => options.logger?.warn({ err: error }, 'persisted query not stored'),
      }),
    );
  }
  // After the limits (an operation they refuse spends one point, not its cost) and the persisted
  // queries (a hash is spent as its document), before the response cache (a cached answer is
  // spent as a computed one is).
  if (rateLimiter)
    plugins.push(
      useRateLimits(rateLimiter, {
        graphqlEndpoint,
        trustedProxies,
        maxTokens: limits.maxTokens,
        maxCost: limits.maxCost,
      }),
    );
  if (!open) plugins.push(useNullTypeLookups());

  plugins.push(useFederationGate({ closed: !open, secret: options.federationSecret }));

  let invalidation = noInvalidation;
  if (options.responseCache) {
    const sizes = {
      maxBytes: options.responseCache.maxBytes ?? DEFAULT_RESPONSE_CACHE_SIZES.maxBytes,
      maxEntryBytes: options.responseCache.maxEntryBytes ?? DEFAULT_RESPONSE_CACHE_SIZES.maxEntryBytes,
    };
    let store: ResponseStore;
    if (options.redis)
      store = createRedisResponseStore(options.redis, prefix, sizes, { windowMs: options.responseCache.ttlMs });
    else {
      const memory = createMemoryResponseStore(sizes);
      store = memory;
      if (!metrics.registry.getSingleMetric('broadsheet_response_cache_bytes')) {
        new Gauge({
          name: 'broadsheet_response_cache_bytes',
          help: 'Bytes held by the in-memory response cache (its own accounting; bounded by RESPONSE_CACHE_MAX_BYTES).',
          registers: [metrics.registry],
          collect() {
            this.set(memory.usage().bytes);
          },
        });
      }
    }
    invalidation = createInvalidation(store);
    plugins.push(
      useCaching(store, options.responseCache.ttlMs, {
        hit: () => metrics.cache.inc({ result: 'hit' }),
        miss: () => metrics.cache.inc({ result: 'miss' }),
      }),
    );
    // Every committed write (mutations, the scheduler, imports; in this process, or in another one
    // through the change feed, src/content/change-feed.ts) reports itself, and the whole public
    // cache goes: a change to one article moves lists, search, neighbours' previous/next, entity
    // pages and which entities and sections are public, and turns cached `null`s (an article not
    // found, a `node` or `nodes` slot) into answers, none of which name the article. The writer
    // waits for this before it answers its client.
    const drop = invalidation;
    const unsubscribe = changes.subscribe(() =>
      drop
        .invalidateAll()
        .catch((error) => options.logger?.error({ err: error }, 'response cache invalidation failed')),
    );
    plugins.push({ onDispose: () => void unsubscribe() });
  }
  const subscriptions = { ...DEFAULT_SUBSCRIPTION_LIMITS, ...options.subscriptions };
  plugins.push(useSubscriptionLimits(subscriptions));
  plugins.push(useStableErrorCodes({ closed: !open }));
  // Last: it wraps whichever request parser the plugins before it chose.
  plugins.push(useRequestBodyLimit(maxRequestBodySize, uploads.multipartMaxBytes));

  return {
    plugins,
    yoga: {
      maskedErrors: { maskError, isDev: open },
      cors: corsOptions(options.corsOrigins ?? DEFAULT_CORS_ORIGINS),
      batching: { limit: options.maxBatch ?? DEFAULT_MAX_BATCH },
      // useRequestBodyLimit enforces it.
      maxRequestBodySize: false,
      healthCheckEndpoint: '/health',
      // yoga's default caches hold 1024 documents whatever their size, keyed by their text: a
      // 3000-token document holds about 1 MB. These hold what fits in their bytes, keyed by hash.
      parserAndValidationCache: {
        documentCache: withRecentDocuments(
          textKeyedCache(createBoundedCache<DocumentNode>({ maxBytes: DOCUMENT_CACHE_BYTES, sizeOf: documentBytes })),
        ),
        errorCache: textKeyedCache(
          createBoundedCache<unknown>({ maxBytes: DOCUMENT_ERROR_CACHE_BYTES, sizeOf: errorBytes }),
        ),
        // useLimits keeps validation results by document (limits.ts).
        validationCache: false,
      },
    },
    ops: { invalidation: datingChanges(invalidation, changes), metrics, readiness, open, rateLimiter },
    limits,
    maxBodyBytes,
    maxRequestBodySize,
    subscriptions,
  };
}

export type { ContentInvalidation, Limits, Metrics };

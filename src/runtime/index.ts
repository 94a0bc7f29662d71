import { Redis } from 'ioredis';
import type { Config } from '../config.js';
import type { DatabaseHandle } from '../db/database.js';
import { loadTrustedDocuments } from '../http/persisted.js';
import type { HttpPluginOptions } from '../http/plugins.js';
import type { Logger } from '../observability/logger.js';
import { createMetrics } from '../observability/metrics.js';
import { startTracing, type Tracing } from '../observability/tracing.js';

export interface Runtime {
  hardening: HttpPluginOptions;
  close(): Promise<void>;
}

/** Turns the validated configuration into the app's hardening options, with the clients they need. */
export async function startRuntime(config: Config, database: DatabaseHandle, logger: Logger): Promise<Runtime> {
  const h = config.hardening;
  let tracing: Tracing | undefined;
  if (h.otelEndpoint) {
    tracing = await startTracing(h.otelEndpoint, h.otelServiceName);
    logger.info({ endpoint: h.otelEndpoint }, 'OpenTelemetry tracing on');
  }
  let redis: Redis | undefined;
  if (config.redisUrl) {
    redis = new Redis(config.redisUrl, { maxRetriesPerRequest: 2, enableOfflineQueue: true });
    redis.on('error', (error) => logger.warn({ err: error }, 'redis error'));
  }
  const trustedDocuments = h.trustedDocumentsPath ? loadTrustedDocuments(h.trustedDocumentsPath) : undefined;
  if (trustedDocuments)
    logger.info({ file: h.trustedDocumentsPath, operations: trustedDocuments.size }, 'trusted documents only');
  return {
    hardening: {
      nodeEnv: config.nodeEnv,
      introspection: h.introspection,
      limits: {
        maxDepth: h.maxDepth,
        maxAliases: h.maxAliases,
        maxDirectives: h.maxDirectives,
        maxTokens: h.maxTokens,
        maxCost: h.maxCost,
        maxVariablesBytes: h.maxVariablesBytes,
        maxVariablesBytesAuthenticated: h.maxVariablesBytesAuthenticated,
        maxDocumentBytes: h.maxDocumentBytes,
        maxFields: h.maxFields,
        maxListLength: h.maxListLength,
        maxStatements: h.maxStatements,
        maxRequestConcurrency: h.maxRequestConcurrency,
        maxResponseBytes: h.maxResponseBytes,
        maxResponseBytesAuthenticated: h.maxResponseBytesAuthenticated,
      },
      maxBatch: h.maxBatch,
      subscriptions: {
        max: h.subscriptionsMax,
        maxPerClient: h.subscriptionsMaxPerClient,
        trustedProxies: h.trustedProxies,
      },
      maxBodyBytes: h.maxBodyBytes,
      maxBodyBytesAuthenticated: h.maxBodyBytesAuthenticated,
      responseCache: h.responseCache
        ? {
            ttlMs: h.responseCacheTtlMs,
            maxBytes: h.responseCacheMaxBytes,
            maxEntryBytes: h.responseCacheMaxEntryBytes,
          }
        : false,
      federationSecret: h.federationSecret,
      corsOrigins: h.corsOrigins,
      redis,
      redisKeyPrefix: h.redisKeyPrefix,
      apq: h.apq,
      apqTtlSeconds: h.apqTtlSeconds,
      trustedDocuments,
      rateLimits: h.rateLimits ?? false,
      logger,
      metrics: createMetrics({ pool: database.pool, replicas: database.replicas, processMetrics: h.metrics }),
      pool: database.pool,
    },
    async close() {
      redis?.disconnect();
      await tracing?.shutdown();
    },
  };
}

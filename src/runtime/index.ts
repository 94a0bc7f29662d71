import { Redis } from 'ioredis';
import type { Config } from '../config.js';
import type { DatabaseHandle } from '../db/database.js';
import { loadTrustedDocuments } from '../http/persisted.js';
import type { HttpPluginOptions } from '../http/plugins.js';
import type { Logger } from '../observability/logger.js';
import { createMetrics } from '../observability/metrics.js';
import { startTracing, type Tracing } from '../observability/tracing.js';

export interface Runtime {
  httpPlugins: HttpPluginOptions;
  close(): Promise<void>;
}

/** Turns the validated configuration into the app's HTTP plugin options, with the clients they need (Redis, tracing). */
export async function startRuntime(config: Config, database: DatabaseHandle, logger: Logger): Promise<Runtime> {
  const settings = config.httpPlugins;
  let tracing: Tracing | undefined;
  if (settings.otelEndpoint) {
    tracing = await startTracing(settings.otelEndpoint, settings.otelServiceName);
    logger.info({ endpoint: settings.otelEndpoint }, 'OpenTelemetry tracing on');
  }
  let redis: Redis | undefined;
  if (config.redisUrl) {
    redis = new Redis(config.redisUrl, { maxRetriesPerRequest: 2, enableOfflineQueue: true });
    redis.on('error', (error) => logger.warn({ err: error }, 'redis error'));
  }
  const trustedDocuments = settings.trustedDocumentsPath
    ? loadTrustedDocuments(settings.trustedDocumentsPath)
    : undefined;
  if (trustedDocuments)
    logger.info({ file: settings.trustedDocumentsPath, operations: trustedDocuments.size }, 'trusted documents only');
  return {
    httpPlugins: {
      nodeEnv: config.nodeEnv,
      introspection: settings.introspection,
      limits: {
        maxDepth: settings.maxDepth,
        maxAliases: settings.maxAliases,
        maxDirectives: settings.maxDirectives,
        maxTokens: settings.maxTokens,
        maxCost: settings.maxCost,
        maxVariablesBytes: settings.maxVariablesBytes,
        maxVariablesBytesAuthenticated: settings.maxVariablesBytesAuthenticated,
        maxDocumentBytes: settings.maxDocumentBytes,
        maxFields: settings.maxFields,
        maxListLength: settings.maxListLength,
        maxStatements: settings.maxStatements,
        maxRequestConcurrency: settings.maxRequestConcurrency,
        maxResponseBytes: settings.maxResponseBytes,
        maxResponseBytesAuthenticated: settings.maxResponseBytesAuthenticated,
      },
      maxBatch: settings.maxBatch,
      subscriptions: {
        max: settings.subscriptionsMax,
        maxPerClient: settings.subscriptionsMaxPerClient,
        trustedProxies: settings.trustedProxies,
      },
      maxBodyBytes: settings.maxBodyBytes,
      maxBodyBytesAuthenticated: settings.maxBodyBytesAuthenticated,
      responseCache: settings.responseCache
        ? {
            ttlMs: settings.responseCacheTtlMs,
            maxBytes: settings.responseCacheMaxBytes,
            maxEntryBytes: settings.responseCacheMaxEntryBytes,
          }
        : false,
      federationSecret: settings.federationSecret,
      corsOrigins: settings.corsOrigins,
      redis,
      redisKeyPrefix: settings.redisKeyPrefix,
      apq: settings.apq,
      apqTtlSeconds: settings.apqTtlSeconds,
      trustedDocuments,
      rateLimits: settings.rateLimits ?? false,
      logger,
      metrics: createMetrics({ pool: database.pool, replicas: database.replicas, processMetrics: settings.metrics }),
      pool: database.pool,
    },
    async close() {
      redis?.disconnect();
      await tracing?.shutdown();
    },
  };
}

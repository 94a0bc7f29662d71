import type { ExecutionResult } from 'graphql';
import type pg from 'pg';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { ReplicaRouter } from '../db/replicas.js';

export interface Metrics {
  registry: Registry;
  requests: Counter<'method' | 'route' | 'status'>;
  duration: Histogram<'method' | 'route'>;
  errors: Counter<'code'>;
  cache: Counter<'result'>;
  /** Conditional GETs (revalidations) by result: not_modified (304) or modified (the full answer). */
  conditional: Counter<'result'>;
  /** Public queries answered by their compiled statement (hit) or by the executor (fallback). */
  compiledReads: Counter<'result'>;
  /** Model summary calls by outcome (src/content/summary-model.ts MODEL_OUTCOMES). */
  summaryModel: Counter<'outcome'>;
  /** Webhook delivery attempts by outcome (src/webhooks/worker.ts). */
  webhookAttempts: Counter<'outcome'>;
  /** Subscription streams closed because their clients stopped reading (SUBSCRIPTION_MAX_BUFFERED_BYTES), by transport. */
  slowStreams: Counter<'transport'>;
  /** Rate-limit checks by result: allowed, limited (refused), failed_open (Redis did not answer; let through). */
  rateLimits: Counter<'result'>;
}

/** A registry of the app's own (not prom-client's global one), so several apps in one process do not clash. */
export function createMetrics(
  options: { pool?: pg.Pool; replicas?: ReplicaRouter; processMetrics?: boolean } = {},
): Metrics {
  const registry = new Registry();
  if (options.processMetrics) collectDefaultMetrics({ register: registry });
  const pool = options.pool;
  if (pool) {
    new Gauge({
      name: 'broadsheet_db_pool_connections',
      help: 'Connections of the PostgreSQL pool by state.',
      labelNames: ['state'],
      registers: [registry],
      collect() {
        this.set({ state: 'total' }, pool.totalCount);
        this.set({ state: 'idle' }, pool.idleCount);
        this.set({ state: 'waiting' }, pool.waitingCount);
      },
    });
  }
  const replicas = options.replicas;
  if (replicas && replicas.status().length > 0) {
    // Replicas are labelled by their place in DATABASE_REPLICA_URLS (1, 2, ...).
    new Gauge({
      name: 'broadsheet_db_replica_pool_connections',
      help: 'Connections of each read replica pool by state.',
      labelNames: ['replica', 'state'],
      registers: [registry],
      collect() {
        replicas.status().forEach(({ pool: p }, index) => {
          const replica = String(index + 1);
          this.set({ replica, state: 'total' }, p.totalCount);
          this.set({ replica, state: 'idle' }, p.idleCount);
          this.set({ replica, state: 'waiting' }, p.waitingCount);
        });
      },
    });
    new Gauge({
      name: 'broadsheet_db_replica_healthy',
      help: '1 while a read replica is in the rotation, 0 while it is down or lags past DATABASE_REPLICA_MAX_LAG_MS.',
      labelNames: ['replica'],
      registers: [registry],
      collect() {
        for (const [index, { healthy }] of replicas.status().entries())
          this.set({ replica: String(index + 1) }, healthy ? 1 : 0);
      },
    });
    new Gauge({
      name: 'broadsheet_db_replica_lag_seconds',
      help: 'Estimated replay lag of each read replica behind the primary (NaN while unreachable).',
      labelNames: ['replica'],
      registers: [registry],
      collect() {
        for (const [index, { lagMs }] of replicas.status().entries()) {
          this.set({ replica: String(index + 1) }, lagMs === null ? Number.NaN : lagMs / 1000);
        }
      },
    });
  }
  return {
    registry,
    requests: new Counter({
      name: 'broadsheet_http_requests_total',
      help: 'HTTP requests by method, route and status.',
      labelNames: ['method', 'route', 'status'],
      registers: [registry],
    }),
    duration: new Histogram({
      name: 'broadsheet_http_request_duration_seconds',
      help: 'HTTP request latency.',
      labelNames: ['method', 'route'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    }),
    errors: new Counter({
      name: 'broadsheet_graphql_errors_total',
      help: 'GraphQL errors in responses by extensions.code.',
      labelNames: ['code'],
      registers: [registry],
    }),
    cache: new Counter({
      name: 'broadsheet_response_cache_lookups_total',
      help: 'Response cache lookups by result (hit or miss).',
      labelNames: ['result'],
      registers: [registry],
    }),
    conditional: new Counter({
      name: 'broadsheet_http_conditional_requests_total',
      help: 'Conditional GETs of the GraphQL endpoint (If-None-Match, If-Modified-Since) by result: not_modified (answered 304) or modified.',
      labelNames: ['result'],
      registers: [registry],
    }),
    compiledReads: new Counter({
      name: 'broadsheet_compiled_reads_total',
      help: 'Queries of viewers without read:drafts: answered by their compiled SQL statement (hit) or by the executor (fallback).',
      labelNames: ['result'],
      registers: [registry],
    }),
    summaryModel: new Counter({
      name: 'broadsheet_summary_model_total',
      help: 'Summaries asked of the model by outcome: ok, refused (the faithfulness guard), timeout, error, budget (none asked: the per-minute budget was spent).',
      labelNames: ['outcome'],
      registers: [registry],
    }),
    webhookAttempts: new Counter({
      name: 'broadsheet_webhook_attempts_total',
      help: 'Webhook delivery attempts by outcome: delivered (2xx), retry (failed, tried again later), failed (the last attempt failed), disabled (a failure that disabled its endpoint).',
      labelNames: ['outcome'],
      registers: [registry],
    }),
    slowStreams: new Counter({
      name: 'broadsheet_subscription_streams_unread_closed_total',
      help: 'Subscription streams closed because their client left more than SUBSCRIPTION_MAX_BUFFERED_BYTES unread and read none, by transport (http: SSE or multipart; websocket).',
      labelNames: ['transport'],
      registers: [registry],
    }),
    rateLimits: new Counter({
      name: 'broadsheet_rate_limit_checks_total',
      help: 'Rate-limit checks by result: allowed, limited (refused with 429), failed_open (Redis did not answer in time; the request was let through uncounted).',
      labelNames: ['result'],
      registers: [registry],
    }),
  };
}

const KNOWN_ROUTES = new Set(['/graphql', '/health', '/ready', '/metrics', '/robots.txt']);

/** Feeds and sitemaps by family (src/feeds/routes.ts): a label per path would let clients grow the series. */
function routeFamily(path: string): string {
  if (path.startsWith('/feeds/')) return '/feeds';
  if (path.startsWith('/sitemaps/')) return '/sitemaps';
  return 'other';
}

/** Counts one answered request and its latency; `started` is a performance.now() reading. */
export function recordRequest(metrics: Metrics, method: string, path: string, status: number, started?: number): void {
  const route = KNOWN_ROUTES.has(path) ? path : routeFamily(path);
  metrics.requests.inc({ method, route, status: String(status) });
  if (started !== undefined) metrics.duration.observe({ method, route }, (performance.now() - started) / 1000);
}

/** Counts a result's errors by code (served at /metrics, with the requests: src/observability/requests.ts). */
export function countErrors(metrics: Metrics, result: unknown): void {
  const results = (Array.isArray(result) ? result : [result]) as ExecutionResult[];
  for (const r of results) {
    for (const error of r?.errors ?? []) metrics.errors.inc({ code: String(error.extensions?.code ?? 'UNKNOWN') });
  }
}

import { Writable } from 'node:stream';
import { context, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.js';
import { migrations } from '../src/db/migrator.js';
import { createLogger } from '../src/observability/logger.js';
import { createTestDatabase, type TestDatabase } from './helpers/db.js';
import { createArticle } from './helpers/factories.js';
import { appWithHttpPlugins, post, send } from './helpers/http.js';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
  await createArticle(database.db, { slug: 'ops-article', title: 'Ops article' });
});

describe('health and readiness', () => {
  it('answers /health and /ready', async () => {
    const app = appWithHttpPlugins(database);
    expect((await send(app, '/health')).status).toBe(200);
    const ready = await send(app, '/ready');
    expect(ready.status).toBe(200);
    expect(ready.json).toEqual({ status: 'ready' });
  });

  it('is not ready while migrations are pending', async () => {
    const fresh = await createTestDatabase();
    await fresh.db.deleteFrom('kysely_migration' as never).execute();
    const ready = await send(appWithHttpPlugins(fresh), '/ready');
    expect(ready.status).toBe(503);
    expect(ready.json).toEqual({
      status: 'unavailable',
      reason: `migrations pending: ${Object.keys(migrations).sort().join(', ')}`,
    });
  });
});

describe('metrics', () => {
  it('counts requests by route and status, errors by code, and the pool', async () => {
    const app = appWithHttpPlugins(database, { nodeEnv: 'production' });
    await post(app, { query: '{ article(slug: "ops-article") { title } }' });
    await post(app, { query: '{ articles(first: 1000) { totalCount } }' });
    await post(app, { query: '{ nope }' });
    const metrics = await send(app, '/metrics');
    expect(metrics.status).toBe(200);
    expect(metrics.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(metrics.text).toContain('broadsheet_http_requests_total{method="POST",route="/graphql",status="200"} 2');
    expect(metrics.text).toContain('broadsheet_http_requests_total{method="POST",route="/graphql",status="400"} 1');
    expect(metrics.text).toContain('broadsheet_graphql_errors_total{code="PAGINATION_LIMIT_EXCEEDED"} 1');
    expect(metrics.text).toContain('broadsheet_graphql_errors_total{code="GRAPHQL_VALIDATION_FAILED"} 1');
    expect(metrics.text).toMatch(/broadsheet_http_request_duration_seconds_count\{method="POST",route="\/graphql"\} 3/);
    expect(metrics.text).toMatch(/broadsheet_db_pool_connections\{state="total"\} [1-9]/);
  });
});

describe('structured logs', () => {
  it('writes one JSON line per request with its request id, echoed in X-Request-Id', async () => {
    const lines: Record<string, unknown>[] = [];
    const destination = new Writable({
      write(chunk, _encoding, done) {
        lines.push(JSON.parse(String(chunk)));
        done();
      },
    });
    const app = appWithHttpPlugins(database, { logger: createLogger({ destination }) });
    const given = await post(
      app,
      { query: 'query Page { article(slug: "ops-article") { title } }', operationName: 'Page' },
      { 'x-request-id': 'req-42' },
    );
    expect(given.headers.get('x-request-id')).toBe('req-42');
    const made = await post(app, { query: '{ __typename }' }, { 'x-request-id': 'bad id with spaces' });
    const madeId = made.headers.get('x-request-id');
    expect(madeId).toMatch(/^[0-9a-f-]{36}$/);
    await new Promise((resolve) => setImmediate(resolve));
    const requests = lines.filter((l) => l.msg === 'request');
    expect(requests.map(({ time, durationMs, ...rest }) => rest)).toEqual([
      {
        level: 'info',
        service: 'broadsheet',
        reqId: 'req-42',
        method: 'POST',
        path: '/graphql',
        operationName: 'Page',
        status: 200,
        msg: 'request',
      },
      {
        level: 'info',
        service: 'broadsheet',
        reqId: madeId,
        method: 'POST',
        path: '/graphql',
        status: 200,
        msg: 'request',
      },
    ]);
    expect(typeof requests[0]!.durationMs).toBe('number');
  });
});

describe('tracing', () => {
  it('makes a span per request, named after the operation, once a tracer provider is registered', async () => {
    const exporter = new InMemorySpanExporter();
    const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
    trace.setGlobalTracerProvider(provider);
    try {
      const app = appWithHttpPlugins(database);
      await post(app, {
        query: 'query Headline { article(slug: "ops-article") { title } }',
        operationName: 'Headline',
      });
      await provider.forceFlush();
      const spans = exporter.getFinishedSpans().map((s) => ({ name: s.name, attributes: s.attributes }));
      expect(spans).toEqual([
        {
          name: 'graphql Headline',
          attributes: {
            'http.request.method': 'POST',
            'url.path': '/graphql',
            'graphql.operation.name': 'Headline',
            'http.response.status_code': 200,
          },
        },
      ]);
    } finally {
      trace.disable();
      context.disable();
      await provider.shutdown();
    }
  });
});

describe('configuration', () => {
  it('has safe defaults that follow NODE_ENV', () => {
    const production = loadConfig({ NODE_ENV: 'production' }).httpPlugins;
    expect(production).toMatchObject({
      introspection: false,
      responseCache: true,
      apq: true,
      maxDepth: 12,
      maxCost: 10_000,
      otelEndpoint: undefined,
    });
    expect(loadConfig({}).httpPlugins.introspection).toBe(true);
  });

  it.each([
    [
      'REDIS_URL',
      'localhost:6379',
      'Invalid configuration: REDIS_URL="localhost:6379" (expected a redis:// or rediss:// URL)',
    ],
    ['LIMIT_DEPTH', '1', 'Invalid configuration: LIMIT_DEPTH="1" (expected an integer from 2 to 100)'],
    ['LIMIT_COST', 'lots', 'Invalid configuration: LIMIT_COST="lots" (expected an integer from 10 to 10000000)'],
    [
      'RESPONSE_CACHE_TTL_MS',
      '10',
      'Invalid configuration: RESPONSE_CACHE_TTL_MS="10" (expected an integer from 1000 to 86400000)',
    ],
    [
      'LOG_LEVEL',
      'loud',
      'Invalid configuration: LOG_LEVEL="loud" (expected one of fatal, error, warn, info, debug, trace, silent)',
    ],
    [
      'OTEL_EXPORTER_OTLP_ENDPOINT',
      'collector:4318',
      'Invalid configuration: OTEL_EXPORTER_OTLP_ENDPOINT="collector:4318" (expected a URL starting with http:// or https://)',
    ],
    [
      'TRUSTED_DOCUMENTS',
      '/no/such/manifest.json',
      'Invalid configuration: TRUSTED_DOCUMENTS="/no/such/manifest.json" (expected the path of an existing JSON manifest)',
    ],
    ['INTROSPECTION', 'maybe', 'Invalid configuration: INTROSPECTION="maybe" (expected true or false)'],
  ])('refuses a bad %s with a message naming it', (name, value, message) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrow(message);
  });
});

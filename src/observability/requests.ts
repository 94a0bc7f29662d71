import { randomUUID } from 'node:crypto';
import type { Span } from '@opentelemetry/api';
import type { Plugin } from 'graphql-yoga';
import type { Logger } from './logger.js';
import { countErrors, type Metrics, recordRequest } from './metrics.js';
import { endRequestSpan, nameRequestSpan, startRequestSpan } from './tracing.js';

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** The caller's X-Request-Id when it is sane, otherwise a new one; echoed on the response. */
export function requestIdFrom(given: string | string[] | null | undefined): string {
  return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
}

export function requestIdOf(request: Request): string {
  return requestIdFrom(request.headers.get('x-request-id'));
}

export interface RequestLine {
  reqId: string;
  method: string;
  path: string;
  operationName?: string;
  status: number;
}

/** The access log: one JSON line per request; `started` is a performance.now() reading. */
export function logRequest(logger: Logger, line: RequestLine, started: number): void {
  const level = line.status >= 500 ? 'error' : 'info';
  if (!logger.isLevelEnabled(level)) return;
  const entry = { ...line, durationMs: Math.round((performance.now() - started) * 10) / 10 };
  if (level === 'error') logger.error(entry, 'request failed');
  else logger.info(entry, 'request');
}

/**
 * Every request's span (tracing.ts), count and latency (metrics.ts) and access-log line, from one
 * set of hooks and one record per request: as three plugins they cost three WeakMaps, three clock
 * readings and twice as many hook calls a request. In the order the three plugins had: a request
 * answered at GET /metrics is traced and counted, not logged; one answered before this plugin
 * (a 304, a content type refused) is none of them. Without a tracer provider (no
 * OTEL_EXPORTER_OTLP_ENDPOINT) the API's span records nothing, and is not kept.
 */
export function useRequestObservability(options: {
  metrics: Metrics;
  logger?: Logger;
  metricsEndpoint?: string;
}): Plugin {
  const { metrics, logger } = options;
  const metricsEndpoint = options.metricsEndpoint ?? '/metrics';
  const requests = new WeakMap<Request, RequestRecord>();
  return {
    // Not async: a promise from any onRequest hook makes yoga wait a turn for every request.
    onRequest({ request, url, endResponse }) {
      const path = url.pathname;
      const span = startRequestSpan(request.method, path);
      const record: RequestRecord = { at: performance.now(), path, span: span.isRecording() ? span : undefined };
      requests.set(request, record);
      if (path === metricsEndpoint && request.method === 'GET') {
        return metrics.registry
          .metrics()
          .then((text) =>
            endResponse(new Response(text, { headers: { 'content-type': metrics.registry.contentType } })),
          );
      }
      if (logger) record.id = requestIdOf(request);
    },
    onParams({ request, params }) {
      const record = requests.get(request);
      const name = params?.operationName;
      if (!record || typeof name !== 'string') return;
      record.operationName = name;
      if (record.span && name) nameRequestSpan(record.span, name);
    },
    onResultProcess({ result }) {
      countErrors(metrics, result);
    },
    onResponse({ request, response }) {
      const record = requests.get(request);
      if (record?.span) endRequestSpan(record.span, response.status);
      recordRequest(
        metrics,
        request.method,
        record?.path ?? new URL(request.url).pathname,
        response.status,
        record?.at,
      );
      if (!record) return;
      requests.delete(request);
      if (!logger || record.id === undefined) return;
      response.headers.set('x-request-id', record.id);
      const line = {
        reqId: record.id,
        method: request.method,
        path: record.path,
        operationName: record.operationName,
        status: response.status,
      };
      logRequest(logger, line, record.at);
    },
  };
}

interface RequestRecord {
  /** performance.now() when the request came. */
  at: number;
  path: string;
  /** A span that records (a tracer provider is registered). */
  span?: Span;
  /** The access log's request id; none when the request is not logged. */
  id?: string;
  operationName?: string;
}

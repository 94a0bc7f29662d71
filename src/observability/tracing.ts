import { type Span, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import type { Plugin } from 'graphql-yoga';

const tracer = trace.getTracer('broadsheet');

/**
 * A span per HTTP request, named after the GraphQL operation. Without a registered tracer provider
 * (no OTEL_EXPORTER_OTLP_ENDPOINT) the API hands out no-op spans, so this costs next to nothing.
 */
export function useTracing(): Plugin {
  const spans = new WeakMap<Request, Span>();
  return {
    onRequest({ request, url }) {
      spans.set(
        request,
        tracer.startSpan(`${request.method} ${url.pathname}`, {
          kind: SpanKind.SERVER,
          attributes: { 'http.request.method': request.method, 'url.path': url.pathname },
        }),
      );
    },
    onParams({ request, params }) {
      const span = spans.get(request);
      if (span && typeof params?.operationName === 'string' && params.operationName) {
        span.updateName(`graphql ${params.operationName}`);
        span.setAttribute('graphql.operation.name', params.operationName);
      }
    },
    onResponse({ request, response }) {
      const span = spans.get(request);
      if (!span) return;
      span.setAttribute('http.response.status_code', response.status);
      if (response.status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      span.end();
      spans.delete(request);
    },
  };
}

export interface Tracing {
  shutdown(): Promise<void>;
}

/**
 * Registers an OTLP/HTTP exporter; called only when OTEL_EXPORTER_OTLP_ENDPOINT is set, and the SDK
 * is imported only then, so a default start loads none of it.
 */
export async function startTracing(endpoint: string, serviceName = 'broadsheet'): Promise<Tracing> {
  const [{ NodeTracerProvider }, { BatchSpanProcessor }, { OTLPTraceExporter }, { resourceFromAttributes }] =
    await Promise.all([
      import('@opentelemetry/sdk-trace-node'),
      import('@opentelemetry/sdk-trace-base'),
      import('@opentelemetry/exporter-trace-otlp-http'),
      import('@opentelemetry/resources'),
    ]);
  const url = endpoint.endsWith('/v1/traces') ? endpoint : `${endpoint.replace(/\/$/, '')}/v1/traces`;
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ 'service.name': serviceName }),
    spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter({ url }))],
  });
  provider.register();
  return { shutdown: () => provider.shutdown() };
}

import { type Span, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';

const tracer = trace.getTracer('broadsheet');

/**
 * A span per HTTP request, named after the GraphQL operation (src/observability/requests.ts calls
 * these). Without a registered tracer provider (no OTEL_EXPORTER_OTLP_ENDPOINT) the API hands out
 * no-op spans, which record nothing.
 */
export function startRequestSpan(method: string, path: string): Span {
  return tracer.startSpan(`${method} ${path}`, {
    kind: SpanKind.SERVER,
    attributes: { 'http.request.method': method, 'url.path': path },
  });
}

export function nameRequestSpan(span: Span, operationName: string): void {
  span.updateName(`graphql ${operationName}`);
  span.setAttribute('graphql.operation.name', operationName);
}

export function endRequestSpan(span: Span, status: number): void {
  span.setAttribute('http.response.status_code', status);
  if (status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
  span.end();
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

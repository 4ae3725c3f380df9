import type { Context } from '@opentelemetry/api';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  BatchSpanProcessor,
  type ReadableSpan,
  type Span,
  type SpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions';

export interface TracingConfig {
  service: string;
  /** OTLP/HTTP base URL (e.g. http://otel-collector:4318); spans are only exported when set. */
  otlpEndpoint?: string | undefined;
}

let provider: NodeTracerProvider | undefined;

/**
 * Registers the process-wide tracer provider, W3C trace-context propagation and the async
 * context manager. Spans are always created (so every log line and outgoing call carries a trace
 * id); they leave the process only when an OTLP endpoint is configured. Idempotent: the first
 * call in a process wins.
 */
export function initTracing({ service, otlpEndpoint }: TracingConfig): { shutdown: () => Promise<void> } {
  if (!provider) {
    const spanProcessors: SpanProcessor[] = [];
    if (otlpEndpoint) spanProcessors.push(lazyOtlpExport(`${otlpEndpoint.replace(/\/$/, '')}/v1/traces`));
    provider = new NodeTracerProvider({
      resource: resourceFromAttributes({ [ATTR_SERVICE_NAME]: service }),
      spanProcessors,
    });
    provider.register();
  }
  const current = provider;
  return { shutdown: () => current.forceFlush() };
}

/**
 * Batches spans to an OTLP/HTTP collector, with the exporter loaded by a dynamic import when
 * tracing starts: it (and its protobuf code) costs every process ~10 MB of memory, and most
 * installations run without a collector. Spans that end before it has loaded are held and sent
 * once it has.
 */
function lazyOtlpExport(url: string): SpanProcessor {
  let batch: BatchSpanProcessor | undefined;
  const early: ReadableSpan[] = [];
  const loaded = import('@opentelemetry/exporter-trace-otlp-http').then(({ OTLPTraceExporter }) => {
    batch = new BatchSpanProcessor(new OTLPTraceExporter({ url }), { scheduledDelayMillis: 500 });
    for (const span of early.splice(0)) batch.onEnd(span);
  });
  return {
    onStart(span: Span, parent: Context) {
      batch?.onStart(span, parent);
    },
    onEnd(span: ReadableSpan) {
      if (batch) batch.onEnd(span);
      else if (early.length < 2_048) early.push(span);
    },
    async forceFlush() {
      await loaded;
      await batch?.forceFlush();
    },
    async shutdown() {
      await loaded;
      await batch?.shutdown();
    },
  };
}

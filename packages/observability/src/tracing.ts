import { createRequire } from 'node:module';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, type SpanProcessor } from '@opentelemetry/sdk-trace-base';
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
    if (otlpEndpoint) {
      // Loaded only when spans are exported: the exporter (and its protobuf code) costs every
      // process ~10 MB of memory, and most installations run without a collector.
      const { OTLPTraceExporter } = createRequire(import.meta.url)(
        '@opentelemetry/exporter-trace-otlp-http',
      ) as typeof import('@opentelemetry/exporter-trace-otlp-http');
      const url = `${otlpEndpoint.replace(/\/$/, '')}/v1/traces`;
      spanProcessors.push(
        new BatchSpanProcessor(new OTLPTraceExporter({ url }), { scheduledDelayMillis: 500 }),
      );
    }
    provider = new NodeTracerProvider({
      resource: resourceFromAttributes({ [ATTR_SERVICE_NAME]: service }),
      spanProcessors,
    });
    provider.register();
  }
  const current = provider;
  return { shutdown: () => current.forceFlush() };
}

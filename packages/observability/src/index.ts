export { createLogger, type Logger, type LoggerConfig } from './logger.ts';
export { createMetrics, type ServiceMetrics } from './metrics.ts';
export { initTracing, type TracingConfig } from './tracing.ts';

import { trace } from '@opentelemetry/api';
import { type Logger, type LoggerOptions, pino } from 'pino';

export type { Logger };

/**
 * Keys whose values never reach a log line (compared case-insensitively), at the top level of a
 * logged object and in the plain objects and arrays nested under it, down to `redactDepth`.
 * Request logging only writes method/route/status/duration, so this is the safety net for
 * objects a handler logs on purpose.
 */
const secretKeys = new Set(
  [
    'authorization',
    'cookie',
    'set-cookie',
    'password',
    'newPassword',
    'token',
    'accessToken',
    'refreshToken',
    'apiKey',
    'api_key',
    'secret',
    'clientSecret',
    'privateKey',
    'x-service-token',
  ].map((key) => key.toLowerCase()),
);
const censor = '[redacted]';
const redactDepth = 3;

function isPlainContainer(value: unknown): value is Record<string, unknown> | unknown[] {
  if (value === null || typeof value !== 'object') return false;
  if (Array.isArray(value)) return true;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

/**
 * The value with every secret replaced by the censor. Never mutates what the caller logged: only
 * the objects on the way to a secret are copied, so the common case (no secret) allocates nothing.
 *
 * This replaces pino's `redact` option on purpose: with wildcard paths for every key it cost
 * ~25 µs per line plus ~20 µs per child logger, the largest share of a kit request's overhead.
 */
export function redactSecrets<T>(value: T, depth = 0): T {
  if (depth > redactDepth || !isPlainContainer(value)) return value;
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    for (let index = 0; index < value.length; index++) {
      const next = redactSecrets(value[index], depth + 1);
      if (next !== value[index]) {
        copy ??= value.slice();
        copy[index] = next;
      }
    }
    return (copy ?? value) as T;
  }
  let copy: Record<string, unknown> | undefined;
  const record = value as Record<string, unknown>;
  for (const key in record) {
    const current = record[key];
    const next =
      current !== undefined && secretKeys.has(key.toLowerCase()) ? censor : redactSecrets(current, depth + 1);
    if (next !== current) {
      copy ??= { ...record };
      copy[key] = next;
    }
  }
  return (copy ?? value) as T;
}

export interface LoggerConfig {
  service: string;
  level?: LoggerOptions['level'];
  /** Where lines go; defaults to stdout. Tests pass a stream to read them back. */
  destination?: NodeJS.WritableStream;
}

/** pino JSON logs with the service name, ISO time, and the active trace/span ids on every line. */
export function createLogger({ service, level = 'info', destination }: LoggerConfig): Logger {
  const options: LoggerOptions = {
    level,
    base: { service },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: {
      level: (label) => ({ level: label }),
      bindings: (bindings) => redactSecrets(bindings),
      log: (object) => redactSecrets(object),
    },
    mixin() {
      const context = trace.getActiveSpan()?.spanContext();
      return context ? { traceId: context.traceId, spanId: context.spanId } : {};
    },
  };
  const logger = destination ? pino(options, destination as pino.DestinationStream) : pino(options);
  // pino passes only the root's bindings through formatters.bindings, not a child's: redact those
  // on the way in. Children inherit this method (pino builds them with Object.create(parent)).
  const pinoChild = logger.child;
  logger.child = function child(this: Logger, bindings, childOptions) {
    return pinoChild.call(this, redactSecrets(bindings), childOptions);
  } as Logger['child'];
  return logger;
}

import { ApiError } from '@perplexica/errors';
import type { Logger } from '@perplexica/observability';
import {
  type BulkheadPolicy,
  bulkhead,
  type CircuitBreakerPolicy,
  CircuitState,
  ConsecutiveBreaker,
  circuitBreaker,
  handleAll,
  isBrokenCircuitError,
  isBulkheadRejectedError,
} from 'cockatiel';
import { type SearxngAnswer, type SearxngQuery, searchSearxng } from './searxng-client.ts';
import { describeInstance, SearxngError } from './searxng-errors.ts';

export interface SearxngPoolOptions {
  urls: string[];
  timeoutMs: number;
  /** Calls in flight per instance, and how many may wait for a slot. */
  concurrency: number;
  queue: number;
  /** Consecutive failures that open an instance's circuit, and the cool-down before a trial call. */
  breakerFailures: number;
  breakerCooldownMs: number;
  retryAfterSeconds: number;
  logger: Logger;
}

interface Instance {
  url: string;
  name: string;
  bulkhead: BulkheadPolicy;
  breaker: CircuitBreakerPolicy;
}

export interface SearxngPool {
  search(query: SearxngQuery): Promise<SearxngAnswer>;
  /** Each instance and its circuit state, for logs and diagnostics. */
  instances(): { instance: string; circuit: 'closed' | 'open' | 'half-open' | 'isolated' }[];
}

const circuitNames = {
  [CircuitState.Closed]: 'closed',
  [CircuitState.Open]: 'open',
  [CircuitState.HalfOpen]: 'half-open',
  [CircuitState.Isolated]: 'isolated',
} as const;

/**
 * Several SearXNG instances behind one search(): round-robin over the healthy ones, failing over
 * to the next on error or timeout. Each instance has a bulkhead (bounded concurrency + bounded
 * queue, so a slow instance sheds load with 503 instead of piling up requests) and a circuit
 * breaker (after N consecutive failures it is skipped until a cool-down passes, then one trial
 * call decides whether it is back).
 */
export function createSearxngPool(options: SearxngPoolOptions): SearxngPool {
  const instances: Instance[] = options.urls.map((url) => {
    const name = describeInstance(url);
    const breaker = circuitBreaker(handleAll, {
      halfOpenAfter: options.breakerCooldownMs,
      breaker: new ConsecutiveBreaker(options.breakerFailures),
    });
    breaker.onBreak(() => options.logger.warn({ instance: name }, 'SearXNG circuit opened'));
    breaker.onReset(() => options.logger.info({ instance: name }, 'SearXNG circuit closed'));
    return { url, name, breaker, bulkhead: bulkhead(options.concurrency, options.queue) };
  });
  let next = 0;

  return {
    instances: () => instances.map((i) => ({ instance: i.name, circuit: circuitNames[i.breaker.state] })),

    async search(query) {
      const start = next;
      next = (next + 1) % instances.length;
      const failures: SearxngError[] = [];
      let overloaded = false;
      let skipped = 0;
      for (let offset = 0; offset < instances.length; offset += 1) {
        const instance = instances[(start + offset) % instances.length] as Instance;
        // A half-open circuit has its one trial call in flight: do not queue behind it. An open one
        // is not skipped here: cockatiel only moves it to half-open inside execute() once the
        // cool-down has passed (before that execute() throws BrokenCircuitError at once).
        if (instance.breaker.state === CircuitState.HalfOpen) {
          skipped += 1;
          continue;
        }
        try {
          // Bulkhead outside the breaker: a full queue is our load, not the instance failing.
          return await instance.bulkhead.execute(() =>
            instance.breaker.execute(() => searchSearxng(instance.url, query, options.timeoutMs)),
          );
        } catch (error) {
          if (isBulkheadRejectedError(error)) overloaded = true;
          else if (isBrokenCircuitError(error)) skipped += 1;
          else if (error instanceof SearxngError) {
            failures.push(error);
            options.logger.warn({ instance: instance.name, kind: error.kind }, error.message);
          } else throw error;
        }
      }
      const details = {
        instances: [
          ...failures.map((f) => ({ instance: f.instance, reason: f.message })),
          ...(skipped > 0 ? [{ skippedWithOpenCircuit: skipped }] : []),
        ],
      };
      if (overloaded) {
        throw new ApiError('overloaded', 'Search is busy: every SearXNG queue is full. Retry shortly.', {
          headers: { 'retry-after': String(options.retryAfterSeconds) },
        });
      }
      const misconfigured = failures.find((f) => f.kind === 'misconfigured');
      if (misconfigured) throw new ApiError('searxng_misconfigured', misconfigured.message, { details });
      throw new ApiError(
        'search_unavailable',
        failures.length > 0
          ? `Every SearXNG instance failed (${failures.map((f) => f.message).join('; ')})`
          : 'Every SearXNG instance is paused after repeated failures; retrying after the cool-down',
        { details, headers: { 'retry-after': String(Math.ceil(options.breakerCooldownMs / 1000)) } },
      );
    },
  };
}

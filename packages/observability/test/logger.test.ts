import { trace } from '@opentelemetry/api';
import { captureLogs } from '@perplexica/testing';
import { describe, expect, it } from 'vitest';
import { createLogger, createMetrics, initTracing } from '../src/index.ts';

describe('createLogger', () => {
  it('writes JSON lines with level label, ISO time and service name', () => {
    const logs = captureLogs();
    createLogger({ service: 'obs-svc', destination: logs.stream }).info({ answer: 42 }, 'hello');
    const [line] = logs.lines();
    expect(line).toMatchObject({ level: 'info', service: 'obs-svc', answer: 42, msg: 'hello' });
    expect(new Date(line!.time as string).toISOString()).toBe(line!.time);
  });

  it('respects the level', () => {
    const logs = captureLogs();
    const logger = createLogger({ service: 'obs-svc', level: 'warn', destination: logs.stream });
    logger.info('quiet');
    logger.warn('loud');
    expect(logs.lines().map((line) => line.msg)).toEqual(['loud']);
  });

  it('redacts secrets at the top level and one or two levels deep', () => {
    const logs = captureLogs();
    const logger = createLogger({ service: 'obs-svc', destination: logs.stream });
    logger.info(
      {
        password: 'top-secret-1',
        token: 'top-secret-2',
        user: { email: 'ada@example.com', password: 'nested-secret-3', refreshToken: 'nested-secret-4' },
        request: { headers: { authorization: 'Bearer nested-secret-5', cookie: 'sid=nested-secret-6' } },
        config: { clientSecret: 'nested-secret-7', apiKey: 'nested-secret-8' },
      },
      'careless handler',
    );
    const text = logs.text();
    for (let i = 1; i <= 8; i++) expect(text).not.toMatch(new RegExp(`secret-${i}`));
    const [line] = logs.lines() as Array<Record<string, any>>;
    expect(line!.user).toEqual({
      email: 'ada@example.com',
      password: '[redacted]',
      refreshToken: '[redacted]',
    });
    expect(line!.request.headers.authorization).toBe('[redacted]');
  });

  it('redacts whatever the case of the key, inside arrays, and deeper nesting', () => {
    const logs = captureLogs();
    const logger = createLogger({ service: 'obs-svc', destination: logs.stream });
    logger.info(
      {
        Authorization: 'Bearer case-secret',
        attempts: [{ user: 'a', PASSWORD: 'array-secret' }],
        a: { b: { c: { token: 'deep-secret' } } },
      },
      'mixed',
    );
    const [line] = logs.lines() as Array<Record<string, any>>;
    expect(line!.Authorization).toBe('[redacted]');
    expect(line!.attempts).toEqual([{ user: 'a', PASSWORD: '[redacted]' }]);
    expect(line!.a.b.c.token).toBe('[redacted]');
    expect(logs.text()).not.toMatch(/case-secret|array-secret|deep-secret/);
  });

  it('never changes the object the caller logged', () => {
    const logs = captureLogs();
    const logger = createLogger({ service: 'obs-svc', destination: logs.stream });
    const body = { email: 'ada@example.com', password: 'hunter2', profile: { apiKey: 'pk_live_x' } };
    const snapshot = structuredClone(body);
    logger.info({ body }, 'signup');
    expect(body).toEqual(snapshot);
    expect(logs.lines()[0]).toMatchObject({
      body: { password: '[redacted]', profile: { apiKey: '[redacted]' } },
    });
  });

  it('redacts child-logger bindings too', () => {
    const logs = captureLogs();
    const logger = createLogger({ service: 'obs-svc', destination: logs.stream });
    logger.child({ requestId: 'r9', token: 'binding-secret' }).info('with bindings');
    const [line] = logs.lines();
    expect(line).toMatchObject({ requestId: 'r9', token: '[redacted]' });
    expect(logs.text()).not.toContain('binding-secret');
  });

  it('serializes errors with their stack', () => {
    const logs = captureLogs();
    createLogger({ service: 'obs-svc', destination: logs.stream }).error(
      { err: new Error('broken') },
      'failed',
    );
    const [line] = logs.lines() as Array<Record<string, any>>;
    expect(line!.err).toMatchObject({ type: 'Error', message: 'broken' });
    expect(line!.err.stack).toContain('logger.test.ts');
  });

  it('adds the active trace and span ids to every line', () => {
    initTracing({ service: 'obs-svc' });
    const logs = captureLogs();
    const logger = createLogger({ service: 'obs-svc', destination: logs.stream });
    logger.info('outside any span');
    trace.getTracer('test').startActiveSpan('work', (span) => {
      logger.child({ requestId: 'r1' }).info('inside a span');
      span.end();
    });
    const [outside, inside] = logs.lines();
    expect(outside!.traceId).toBeUndefined();
    expect(inside!.traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(inside!.spanId).toMatch(/^[0-9a-f]{16}$/);
    expect(inside!.requestId).toBe('r1');
  });
});

describe('createMetrics', () => {
  it('gives each app its own registry with the duration histogram and process metrics', async () => {
    const first = createMetrics('svc-a');
    const second = createMetrics('svc-b');
    first.httpDuration.observe({ method: 'GET', route: '/x', status: '200' }, 0.003);
    const text = await first.registry.metrics();
    expect(text).toMatch(/^http_request_duration_seconds_count\{.*route="\/x".*\} 1$/m);
    expect(text).toContain('service="svc-a"');
    expect(text).toContain('process_cpu_user_seconds_total');
    expect(await second.registry.metrics()).not.toMatch(/route="\/x"/);
  });
});

import { authenticate, createTokenVerifier, requireRole } from '@perplexica/auth-kit';
import { createLogger } from '@perplexica/observability';
import { type CapturedLogs, captureLogs, generateSigningKeyPair, type PemKeyPair } from '@perplexica/testing';
import type { Hono } from 'hono';
import { expect } from 'vitest';
import { z } from 'zod';
import {
  createServiceApp,
  jsonBody,
  pathParams,
  queryParams,
  type ReadinessCheck,
  type ServiceEnv,
} from '../src/index.ts';

export interface DemoApp {
  app: Hono<ServiceEnv>;
  logs: CapturedLogs;
  keys: PemKeyPair;
}

const newItem = z.object({ name: z.string().min(1), quantity: z.number().int().positive() });

/**
 * A small service built the way every real one is: createServiceApp, authenticate, validation
 * helpers, and handlers that succeed, validate, log on purpose, and crash.
 */
export function demoApp(
  options: { bodyLimitBytes?: number; readiness?: Record<string, ReadinessCheck>; logLevel?: string } = {},
): DemoApp {
  const logs = captureLogs();
  const keys = generateSigningKeyPair();
  const logger = createLogger({
    service: 'demo-svc',
    level: (options.logLevel ?? 'info') as 'info',
    destination: logs.stream,
  });
  const app = createServiceApp({
    name: 'demo-svc',
    logger,
    ...(options.bodyLimitBytes ? { bodyLimitBytes: options.bodyLimitBytes } : {}),
    ...(options.readiness ? { readiness: options.readiness } : {}),
  });
  const signedIn = authenticate({
    tokens: createTokenVerifier({
      publicKeyPem: keys.publicKeyPem,
      issuer: 'perplexica-auth',
      audience: 'perplexica',
    }),
  });

  app.post('/items', async (c) => {
    const item = await jsonBody(c, newItem);
    return c.json({ item }, 201);
  });
  app.get('/items/:id', (c) => {
    const { id } = pathParams(c, z.object({ id: z.string().regex(/^\d+$/, 'must be digits') }));
    const { verbose } = queryParams(c, z.object({ verbose: z.enum(['yes', 'no']).default('no') }));
    return c.json({ id, verbose });
  });
  app.post('/signup', async (c) => {
    const body = await jsonBody(c, z.object({ email: z.string(), password: z.string() }));
    // A handler that logs more than it should: redaction is the safety net.
    c.get('logger').info(
      { body, headers: { authorization: c.req.header('authorization') } },
      'signup attempt',
    );
    return c.json({ email: body.email }, 201);
  });
  app.get('/boom', () => {
    throw new Error('kaboom: invariant broken in handler');
  });
  app.get('/postgres-down', () => {
    // What postgres.js throws when the database is gone.
    throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
  });
  app.get('/redis-down', () => {
    throw new Error('wrapped by a repository', { cause: new Error('Connection is closed.') });
  });
  app.get('/me', signedIn, (c) => {
    const user = c.get('user');
    return c.json({ id: user.id, orgId: user.orgId, role: user.role });
  });
  app.get('/admin/stats', signedIn, requireRole('admin'), (c) => c.json({ users: 1 }));
  app.get('/admin/hidden', signedIn, requireRole('admin', { hide: true }), (c) => c.json({ secret: true }));
  return { app, logs, keys };
}

/** The access-log lines ("request") among captured logs. */
export function accessLines(logs: CapturedLogs): Array<Record<string, unknown>> {
  return logs.lines().filter((line) => line.msg === 'request');
}

/**
 * Asserts the one error shape: `{"error":{"code","message","details"?,"requestId"}}` and nothing
 * else, with the status that belongs to the code and the request id of the response header.
 */
export async function expectError(
  response: Response,
  status: number,
  code: string,
): Promise<{ code: string; message: string; details?: unknown; requestId: string }> {
  expect(response.status).toBe(status);
  expect(response.headers.get('content-type')).toMatch(/^application\/json/);
  const body = (await response.json()) as { error: Record<string, unknown> };
  expect(Object.keys(body)).toEqual(['error']);
  expect(body.error.code).toBe(code);
  expect(typeof body.error.message).toBe('string');
  expect((body.error.message as string).length).toBeGreaterThan(0);
  expect(
    Object.keys(body.error).every((key) => ['code', 'message', 'details', 'requestId'].includes(key)),
  ).toBe(true);
  expect(body.error.requestId).toBe(response.headers.get('x-request-id'));
  return body.error as never;
}

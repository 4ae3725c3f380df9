import { ApiError, zodIssues } from '@perplexica/errors';
import type { Context } from 'hono';
import type { z } from 'zod';

/** Parses and validates a JSON body: 415 when not JSON, 400 invalid_json, 400 validation_failed. */
export async function jsonBody<S extends z.ZodType>(c: Context, schema: S): Promise<z.infer<S>> {
  const type = c.req.header('content-type') ?? '';
  if (!type.toLowerCase().includes('application/json')) {
    throw new ApiError('unsupported_media_type', 'Send the body as JSON with Content-Type: application/json');
  }
  let raw: unknown;
  try {
    raw = await c.req.json();
  } catch (error) {
    if (error instanceof ApiError) throw error;
    throw new ApiError('invalid_json', 'Request body is not valid JSON');
  }
  return parseWith(schema, raw, 'body');
}

export function queryParams<S extends z.ZodType>(c: Context, schema: S): z.infer<S> {
  return parseWith(schema, c.req.query(), 'query');
}

export function pathParams<S extends z.ZodType>(c: Context, schema: S): z.infer<S> {
  return parseWith(schema, c.req.param(), 'path');
}

export function parseWith<S extends z.ZodType>(schema: S, value: unknown, where: string): z.infer<S> {
  const result = schema.safeParse(value);
  if (!result.success) {
    const issues = zodIssues(result.error, where);
    const first = issues[0];
    throw new ApiError('validation_failed', first ? `${first.path}: ${first.message}` : 'Invalid request', {
      details: issues,
    });
  }
  return result.data;
}

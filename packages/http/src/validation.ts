import type { IncomingMessage } from 'node:http';
import { ApiError, zodIssues } from '@perplexica/errors';
import type { Context } from 'hono';
import type { z } from 'zod';

/**
 * The body as text. Under @hono/node-server a body with a declared length (already checked
 * against the limit by limitBody) is read straight off the Node request, skipping the web
 * Request that `c.req.text()` builds; the text is left in Hono's body cache, so later reads work.
 */
async function bodyText(c: Context): Promise<string> {
  const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;
  const declared =
    c.req.header('content-length') !== undefined && c.req.header('transfer-encoding') === undefined;
  if (!incoming || !declared || incoming.readableEnded || Object.keys(c.req.bodyCache).length > 0) {
    return c.req.text();
  }
  const chunks: Buffer[] = [];
  for await (const chunk of incoming) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  // Hono keeps body reads there as promises (its type says plain values).
  (c.req.bodyCache as Record<string, unknown>).text = Promise.resolve(text);
  return text;
}

/** Parses and validates a JSON body: 415 when not JSON, 400 invalid_json, 400 validation_failed. */
export async function jsonBody<S extends z.ZodType>(c: Context, schema: S): Promise<z.infer<S>> {
  const type = c.req.header('content-type') ?? '';
  if (!type.toLowerCase().includes('application/json')) {
    throw new ApiError('unsupported_media_type', 'Send the body as JSON with Content-Type: application/json');
  }
  let raw: unknown;
  try {
    raw = JSON.parse(await bodyText(c));
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

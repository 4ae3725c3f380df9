import { ApiError } from '@perplexica/errors';
import type { z } from 'zod';

/**
 * An opaque paging cursor: where the last page ended (e.g. its last row's sort keys), as base64url
 * JSON, checked against `shape` when it comes back. Anything else a client sends, edited or made
 * up, is a 400 in the one error shape, never a query with garbage in it.
 */
export function pageCursor<Shape extends z.ZodType>(shape: Shape) {
  const invalid = () =>
    new ApiError('validation_failed', 'cursor: not a cursor this API returned', {
      details: [{ path: 'query.cursor', message: 'not a cursor this API returned' }],
    });
  return {
    encode(position: z.output<Shape>): string {
      return Buffer.from(JSON.stringify(position)).toString('base64url');
    },
    decode(value: string): z.output<Shape> {
      if (!/^[A-Za-z0-9_-]+$/.test(value)) throw invalid();
      let raw: unknown;
      try {
        raw = JSON.parse(Buffer.from(value, 'base64url').toString('utf8'));
      } catch {
        throw invalid();
      }
      const parsed = shape.safeParse(raw);
      if (!parsed.success) throw invalid();
      return parsed.data;
    },
  };
}

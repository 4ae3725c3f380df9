import { ApiError } from '@perplexica/errors';
import { z } from 'zod';

/**
 * Where a page of the library ended: the last thread's (updated_at, id). The timestamp travels as
 * Postgres printed it, to the microsecond: a JS Date keeps only milliseconds, and rounding would
 * skip or repeat threads updated within the same millisecond.
 */
export interface PageCursor {
  updatedAt: string;
  id: string;
}

const cursorShape = z.tuple([z.iso.datetime({ precision: 6 }), z.uuid()]);

export function encodeCursor(cursor: PageCursor): string {
  return Buffer.from(JSON.stringify([cursor.updatedAt, cursor.id])).toString('base64url');
}

export function decodeCursor(value: string): PageCursor {
  const invalid = () =>
    new ApiError('validation_failed', 'cursor: not a cursor this API returned', {
      details: [{ path: 'query.cursor', message: 'not a cursor this API returned' }],
    });
  if (!/^[A-Za-z0-9_-]+$/.test(value)) throw invalid();
  let raw: unknown;
  try {
    raw = JSON.parse(Buffer.from(value, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  const parsed = cursorShape.safeParse(raw);
  if (!parsed.success) throw invalid();
  const [updatedAt, id] = parsed.data;
  return { updatedAt, id };
}

import { pageCursor } from '@perplexica/http';
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

const cursor = pageCursor(z.tuple([z.iso.datetime({ precision: 6 }), z.uuid()]));

export const encodeCursor = (position: PageCursor): string =>
  cursor.encode([position.updatedAt, position.id]);

export function decodeCursor(value: string): PageCursor {
  const [updatedAt, id] = cursor.decode(value);
  return { updatedAt, id };
}

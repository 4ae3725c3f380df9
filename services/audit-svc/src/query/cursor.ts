import { ApiError } from '@perplexica/errors';
import { z } from 'zod';

/**
 * Where a page ended: the last event's (time, seq). Times are stored with millisecond precision
 * (the emitter writes Date#toISOString), so a JS Date carries them exactly.
 */
export interface PageCursor {
  time: string;
  seq: number;
}

const cursorShape = z.tuple([z.iso.datetime(), z.number().int().positive()]);

export function encodeCursor(cursor: PageCursor): string {
  return Buffer.from(JSON.stringify([cursor.time, cursor.seq])).toString('base64url');
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
  const [time, seq] = parsed.data;
  return { time, seq };
}

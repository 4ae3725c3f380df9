import { pageCursor } from '@perplexica/http';
import { z } from 'zod';

/**
 * Where a page ended: the last event's (time, seq). Times are stored with millisecond precision
 * (the emitter writes Date#toISOString), so a JS Date carries them exactly.
 */
export interface PageCursor {
  time: string;
  seq: number;
}

const cursor = pageCursor(z.tuple([z.iso.datetime(), z.number().int().positive()]));

export const encodeCursor = (position: PageCursor): string => cursor.encode([position.time, position.seq]);

export function decodeCursor(value: string): PageCursor {
  const [time, seq] = cursor.decode(value);
  return { time, seq };
}

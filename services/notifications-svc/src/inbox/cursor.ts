import { pageCursor } from '@perplexica/http';
import { z } from 'zod';

/** Where a page ended: the last notification's (created_at, id); created_at has millisecond precision. */
export interface InboxPosition {
  time: string;
  id: string;
}

const cursor = pageCursor(z.tuple([z.iso.datetime(), z.uuid()]));

export const encodeCursor = (position: InboxPosition): string => cursor.encode([position.time, position.id]);

export function decodeCursor(value: string): InboxPosition {
  const [time, id] = cursor.decode(value);
  return { time, id };
}

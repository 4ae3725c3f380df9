import { pageCursor } from '@perplexica/http';
import { z } from 'zod';

/**
 * Where a page of artifacts ended: the last one's (created_at, id). The timestamp travels as
 * Postgres printed it, to the microsecond (a JS Date would round it and skip or repeat rows).
 */
export interface ArtifactCursor {
  createdAt: string;
  id: string;
}

const cursor = pageCursor(z.tuple([z.iso.datetime({ precision: 6 }), z.uuid()]));

export const encodeCursor = (position: ArtifactCursor): string =>
  cursor.encode([position.createdAt, position.id]);

export function decodeCursor(value: string): ArtifactCursor {
  const [createdAt, id] = cursor.decode(value);
  return { createdAt, id };
}

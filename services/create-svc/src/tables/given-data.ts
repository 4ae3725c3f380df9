import { ApiError } from '@perplexica/errors';
import type { z } from 'zod';
import type { givenData } from '../wire-schemas.ts';
import type { GivenData } from './table-from-data.ts';

/** Given data within TABLE_MAX_DATA_BYTES (as UTF-8), or 413 before any parsing. */
export function checkedGivenData(data: z.infer<typeof givenData>, maxBytes: number): GivenData {
  const bytes =
    data.format === 'csv'
      ? Buffer.byteLength(data.text, 'utf8')
      : Buffer.byteLength(JSON.stringify(data.rows), 'utf8');
  if (bytes > maxBytes) {
    throw new ApiError('payload_too_large', `The data is ${bytes} bytes; at most ${maxBytes} are accepted`, {
      details: { limit: maxBytes, size: bytes },
    });
  }
  return data;
}

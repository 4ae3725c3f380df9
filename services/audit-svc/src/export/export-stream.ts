import type { Logger } from '@perplexica/observability';
import type { Kysely } from 'kysely';
import type { AuditDatabase } from '../db/schema.ts';
import { eventView } from '../event-rows.ts';
import type { PageCursor } from '../query/cursor.ts';
import { findEvents } from '../query/event-repository.ts';
import type { AuditFilters } from '../query/wire-schemas.ts';
import { csvHeader, csvRecord } from './csv.ts';

export type ExportFormat = 'csv' | 'jsonl';

/**
 * The export body: pages of `pageSize` events read only when the client has taken the previous
 * ones (ReadableStream pull), so a year of events never sits in memory and a slow download holds
 * back the reads instead of piling rows up. Newest first, like the list.
 */
export function exportStream(options: {
  db: Kysely<AuditDatabase>;
  orgKey: string;
  filters: AuditFilters;
  format: ExportFormat;
  pageSize: number;
  logger: Logger;
}): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let after: PageCursor | undefined;
  let started = false;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        let text = '';
        if (!started && options.format === 'csv') text += csvHeader();
        started = true;
        const rows = await findEvents(options.db, options.orgKey, options.filters, {
          after,
          limit: options.pageSize,
        });
        for (const row of rows) {
          const event = eventView(row);
          text += options.format === 'csv' ? csvRecord(event) : `${JSON.stringify(event)}\n`;
        }
        if (text) controller.enqueue(encoder.encode(text));
        const last = rows.at(-1);
        if (rows.length < options.pageSize || !last) controller.close();
        else after = { time: last.time.toISOString(), seq: Number(last.seq) };
      } catch (error) {
        // The status line is long gone: the client sees a cut-off download, the log says why.
        options.logger.error({ err: error }, 'audit export failed midway');
        controller.error(error);
      }
    },
  });
}

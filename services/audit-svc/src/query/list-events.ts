import type { Kysely } from 'kysely';
import type { AuditDatabase } from '../db/schema.ts';
import { type AuditEventView, eventView } from '../event-rows.ts';
import { encodeCursor, type PageCursor } from './cursor.ts';
import { findEvents } from './event-repository.ts';
import type { AuditFilters } from './wire-schemas.ts';

export interface EventPage {
  events: AuditEventView[];
  /** Pass as `cursor` for the next (older) page; null on the last page. */
  nextCursor: string | null;
}

/** One page, reading one row more than asked to know whether another page follows. */
export async function listEvents(
  db: Kysely<AuditDatabase>,
  orgKey: string,
  filters: AuditFilters,
  page: { after?: PageCursor; limit: number },
): Promise<EventPage> {
  const rows = await findEvents(db, orgKey, filters, { after: page.after, limit: page.limit + 1 });
  const shown = rows.slice(0, page.limit);
  const last = shown.at(-1);
  return {
    events: shown.map(eventView),
    nextCursor:
      rows.length > page.limit && last
        ? encodeCursor({ time: last.time.toISOString(), seq: Number(last.seq) })
        : null,
  };
}

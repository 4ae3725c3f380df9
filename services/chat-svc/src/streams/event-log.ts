import type { Redis } from '@perplexica/redis';

/** Redis keys of one answer (the client's prefix is added by ioredis). */
export const eventsKey = (messageId: string) => `answer:${messageId}:events`;
export const ownerKey = (messageId: string) => `answer:${messageId}:owner`;
export const readerKey = (messageId: string) => `answer:${messageId}:reader`;
export const stopKey = (messageId: string) => `answer:${messageId}:stop`;

/** An event as stored: deltas written in the same tick share one entry, `lengths` marks their seams. */
interface PendingEntry {
  firstSeq: number;
  lastSeq: number;
  type: string;
  data: string;
  /** Deltas only: each coalesced delta's text; the seams let a replay start mid-entry. */
  texts: string[] | null;
}

export interface EventLogOptions {
  ttlSeconds: number;
  maxEvents: number;
  /**
   * After the first write (which records the owner at once), events are written at most this
   * often: a resumed reader sees them this much later, and an answer costs Redis a few writes
   * instead of one per tick.
   */
  flushIntervalMs: number;
  /** Called when a stop was requested on another instance (seen on the next flush). */
  onStopRequested?: () => void;
}

/**
 * The replayable record of one answer: a Redis stream whose entry ids are the SSE event ids
 * ("0-<seq>"), so Last-Event-ID maps straight onto XRANGE. Events are buffered and written in one
 * pipeline per flush (the first at the next tick, then at most every `flushIntervalMs`);
 * consecutive deltas of a flush become one entry. Nothing here outlives the answer in process
 * memory; Redis expires the keys after `ttlSeconds`.
 */
export function createEventLog(redis: Redis, messageId: string, userId: string, options: EventLogOptions) {
  const key = eventsKey(messageId);
  let pending: PendingEntry[] = [];
  let timer: NodeJS.Immediate | NodeJS.Timeout | null = null;
  let firstFlush = true;
  let chain: Promise<void> = Promise.resolve();

  const flush = () => {
    if (timer) {
      clearTimeout(timer as NodeJS.Timeout);
      clearImmediate(timer as NodeJS.Immediate);
      timer = null;
    }
    if (pending.length === 0) return chain;
    const entries = pending;
    pending = [];
    const pipeline = redis.pipeline();
    if (firstFlush) {
      pipeline.set(ownerKey(messageId), userId, 'EX', options.ttlSeconds);
      firstFlush = false;
    }
    for (const entry of entries) {
      const fields = entry.texts
        ? [
            't',
            entry.type,
            'd',
            JSON.stringify({ text: entry.texts.join('') }),
            's',
            String(entry.firstSeq),
            'l',
            entry.texts.map((text) => text.length).join(','),
          ]
        : ['t', entry.type, 'd', entry.data];
      pipeline.xadd(key, 'MAXLEN', '~', String(options.maxEvents), `0-${entry.lastSeq}`, ...fields);
    }
    pipeline.expire(key, options.ttlSeconds);
    pipeline.exists(stopKey(messageId));
    // Writes stay in order: each flush waits for the one before it.
    chain = chain.then(async () => {
      const results = await pipeline.exec().catch(() => null);
      const stop = results?.at(-1)?.[1];
      if (stop === 1) options.onStopRequested?.();
    });
    return chain;
  };

  return {
    append(seq: number, type: string, data: string, deltaText?: string): void {
      const last = pending.at(-1);
      if (deltaText !== undefined && last?.texts) {
        // Merge into the tick's delta entry; serialized once, at flush.
        last.texts.push(deltaText);
        last.lastSeq = seq;
      } else {
        pending.push({
          firstSeq: seq,
          lastSeq: seq,
          type,
          data,
          texts: deltaText !== undefined ? [deltaText] : null,
        });
      }
      if (!timer) timer = firstFlush ? setImmediate(flush) : setTimeout(flush, options.flushIntervalMs);
    },
    /** Writes what is buffered and waits for every write to land. */
    async close(): Promise<void> {
      await flush();
    },
  };
}

export type EventLog = ReturnType<typeof createEventLog>;

export interface StoredEvent {
  seq: number;
  type: string;
  data: string;
}

/**
 * Turns stream entries back into SSE events after `afterSeq`. A coalesced delta entry that the
 * client saw only part of is cut at the seam, so no text is sent twice.
 */
export function eventsFromEntries(entries: [string, string[]][], afterSeq: number): StoredEvent[] {
  const events: StoredEvent[] = [];
  for (const [id, list] of entries) {
    const seq = Number(id.split('-')[1]);
    if (seq <= afterSeq) continue;
    const fields: Record<string, string> = {};
    for (let i = 0; i + 1 < list.length; i += 2) fields[list[i] as string] = list[i + 1] as string;
    const type = fields.t ?? 'message';
    let data = fields.d ?? '{}';
    if (type === 'delta' && fields.s && fields.l) {
      const firstSeq = Number(fields.s);
      if (afterSeq >= firstSeq) {
        const lengths = fields.l.split(',').map(Number);
        const seen = lengths.slice(0, afterSeq - firstSeq + 1).reduce((sum, length) => sum + length, 0);
        data = JSON.stringify({ text: (JSON.parse(data) as { text: string }).text.slice(seen) });
      }
    }
    events.push({ seq, type, data });
  }
  return events;
}

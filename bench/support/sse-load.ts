// A bounded SSE load client for POST /api/v1/chat: each answer is read to its `done` (or `error`)
// event, timing the first `delta` and counting the bytes streamed.
import { createParser } from 'eventsource-parser';
import { Agent, request } from 'undici';

// undici's request() rather than fetch(): the client shares the cores with the services it
// measures, so the cheaper it is, the more the figures say about the services.
const dispatcher = new Agent({ connections: 256, keepAliveTimeout: 10_000 });

export interface Answer {
  firstDeltaMs: number;
  bytes: number;
  failed: boolean;
}

export async function askOnce(url: string, token: string, body: Record<string, unknown>): Promise<Answer> {
  const started = performance.now();
  const response = await request(url, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': 'application/json',
      accept: 'text/event-stream',
    },
    body: JSON.stringify(body),
    dispatcher,
  });
  if (response.statusCode !== 200) {
    await response.body.dump();
    return { firstDeltaMs: Number.NaN, bytes: 0, failed: true };
  }
  let firstDeltaMs = Number.NaN;
  let finished: 'done' | 'error' | undefined;
  const parser = createParser({
    onEvent(event) {
      if (event.event === 'delta' && Number.isNaN(firstDeltaMs)) firstDeltaMs = performance.now() - started;
      if (event.event === 'done' || event.event === 'error') finished = event.event;
    },
  });
  const decoder = new TextDecoder();
  let bytes = 0;
  // Read to the end (the server closes the stream after `done`), so the connection is reused.
  for await (const chunk of response.body) {
    bytes += chunk.byteLength;
    parser.feed(decoder.decode(chunk, { stream: true }));
  }
  return { firstDeltaMs, bytes, failed: finished !== 'done' };
}

export interface LoadOptions {
  concurrency: number;
  durationMs: number;
  maxAnswers?: number;
  ask: () => Promise<Answer>;
}

export interface LoadResult {
  completed: number;
  errors: number;
  elapsedMs: number;
  firstDeltaMs: number[];
}

/** `concurrency` clients ask one after another until the time or the answer budget runs out. */
export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const deadline = performance.now() + options.durationMs;
  const maxAnswers = options.maxAnswers ?? Number.POSITIVE_INFINITY;
  const result: LoadResult = { completed: 0, errors: 0, elapsedMs: 0, firstDeltaMs: [] };
  let started = 0;
  const begin = performance.now();
  const client = async () => {
    while (performance.now() < deadline && started < maxAnswers) {
      started += 1;
      const answer = await options.ask().catch(() => ({ firstDeltaMs: Number.NaN, bytes: 0, failed: true }));
      if (answer.failed) result.errors += 1;
      else {
        result.completed += 1;
        if (!Number.isNaN(answer.firstDeltaMs)) result.firstDeltaMs.push(answer.firstDeltaMs);
      }
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, client));
  result.elapsedMs = performance.now() - begin;
  return result;
}

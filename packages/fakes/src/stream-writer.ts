import type { ServerResponse } from 'node:http';
import type { FakeContext } from './fake-server.ts';

/** Chunks a failing stream sends before the socket is destroyed: enough for the client to start. */
export const CHUNKS_BEFORE_FAILURE = 3;

export interface StreamOptions {
  contentType: string;
  /** Pause between pieces; 0 writes everything in one go, the cheap path benchmarks take. */
  delayMs: number;
  /** Send only the first few pieces, then destroy the socket (mode fail_mid_stream). */
  failMidway?: boolean;
}

/** Writes pre-framed pieces (SSE events or NDJSON lines) as a chunked streaming response. */
export async function writeStream(
  res: ServerResponse,
  ctx: FakeContext,
  pieces: readonly string[],
  options: StreamOptions,
): Promise<void> {
  res.writeHead(200, {
    'content-type': options.contentType,
    'cache-control': 'no-cache',
    connection: 'keep-alive',
  });
  if (options.failMidway) {
    res.write(pieces.slice(0, CHUNKS_BEFORE_FAILURE).join(''), () => res.destroy());
    return;
  }
  if (options.delayMs <= 0) {
    res.end(pieces.join(''));
    return;
  }
  for (const [i, piece] of pieces.entries()) {
    // Stop quietly when the client went away or the fake is closing.
    if (i > 0 && !(await ctx.sleep(options.delayMs))) return;
    if (res.destroyed) return;
    res.write(piece);
  }
  res.end();
}

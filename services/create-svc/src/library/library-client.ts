import { createServiceClient, UpstreamError } from '@perplexica/http';
import { z } from 'zod';

/** A numbered source as library-svc keeps it: the number is `index`, or `n` as chat-svc streams it. */
const storedSource = z
  .object({
    index: z.number().int().optional(),
    n: z.number().int().optional(),
    title: z.string().default(''),
    url: z.string().default(''),
  })
  .transform(({ index, n, title, url }) => ({ number: index ?? n ?? null, title, url }));

const storedMessage = z.object({
  query: z.string(),
  answer: z.string().default(''),
  sources: z.array(storedSource).default([]),
  status: z.string().optional(),
  createdAt: z.string().optional(),
});

/** library-svc's thread, as its owner (GET /threads/:id) or anyone with the link (GET /shared/:id) sees it. */
const threadReply = z.object({
  thread: z.object({ id: z.string().optional(), title: z.string(), createdAt: z.string().optional() }),
  messages: z.array(storedMessage),
});

export type LibraryThread = z.infer<typeof threadReply>;
export type LibraryMessage = LibraryThread['messages'][number];
export type LibrarySource = LibraryMessage['sources'][number];

export interface LibraryClient {
  /**
   * The caller's own thread through library-svc's public API, with the caller's Authorization
   * (propagated by the kit): ownership is library-svc's to decide, so another user's thread is
   * null here exactly like a missing one.
   */
  ownThread(threadId: string): Promise<LibraryThread | null>;
  /** A shared thread by its public link, asked anonymously; null when the link is not live. */
  sharedThread(shareId: string): Promise<LibraryThread | null>;
}

export function createLibraryClient(config: { baseUrl: string; timeoutMs: number }): LibraryClient {
  const client = createServiceClient({
    service: 'library-svc',
    baseUrl: config.baseUrl,
    timeoutMs: config.timeoutMs,
  });
  const read = async (path: string, authorization?: string): Promise<LibraryThread | null> => {
    let reply: unknown;
    try {
      reply = await client.call(path, authorization === undefined ? {} : { authorization });
    } catch (error) {
      if (error instanceof UpstreamError && error.status === 404) return null;
      throw error;
    }
    const parsed = threadReply.safeParse(reply);
    if (!parsed.success) {
      throw new UpstreamError(
        'library-svc',
        'status',
        200,
        null,
        'library-svc answered a thread of an unknown shape',
      );
    }
    return parsed.data;
  };
  return {
    ownThread: (threadId) => read(`/api/v1/library/threads/${encodeURIComponent(threadId)}`),
    sharedThread: (shareId) => read(`/api/v1/library/shared/${encodeURIComponent(shareId)}`, ''),
  };
}

import { createServiceClient, UpstreamError } from '@perplexica/http';
import type { Source } from '../pipeline/sources.ts';

export interface StoredMessage {
  id: string;
  query: string;
  answer: string;
  status?: string;
}

export interface StoredThread {
  id: string;
  title: string;
  spaceId?: string | null;
  messages: StoredMessage[];
}

export type MessageStatus = 'streaming' | 'complete' | 'incomplete' | 'failed';

/** What a new thread is created with, sent along with its first answer. */
export interface NewThread {
  orgId?: string;
  title: string;
  spaceId?: string;
  mode: string;
  focus: string;
}

export interface SavedMessage {
  userId: string;
  query: string;
  answer: string;
  sources: Source[];
  related: string[];
  mode: string;
  focus: string;
  model: string;
  status: MessageStatus;
  error?: string;
  usage?: unknown;
  timings?: unknown;
  /** Set for a thread's first answer: library-svc creates the thread in the same statement. */
  thread?: NewThread;
}

export interface LibraryClient {
  /** The caller's thread with its messages, or null when it is not theirs (or does not exist). */
  getThread(threadId: string, userId: string): Promise<StoredThread | null>;
  putMessage(threadId: string, messageId: string, body: SavedMessage): Promise<void>;
}

/** library-svc's internal routes (docs/answer-engine.md); PUTs are idempotent, so the kit retries them. */
export function createLibraryClient(config: {
  baseUrl: string;
  serviceToken: string;
  timeoutMs: number;
}): LibraryClient {
  const client = createServiceClient({
    service: 'library-svc',
    baseUrl: config.baseUrl,
    serviceToken: config.serviceToken,
    timeoutMs: config.timeoutMs,
  });
  return {
    async getThread(threadId, userId) {
      try {
        const reply = await client.call<{ thread: StoredThread; messages?: StoredMessage[] }>(
          `/internal/v1/threads/${encodeURIComponent(threadId)}?userId=${encodeURIComponent(userId)}`,
          { authorization: '' },
        );
        return { ...reply.thread, messages: reply.messages ?? reply.thread.messages ?? [] };
      } catch (error) {
        if (error instanceof UpstreamError && error.status === 404) return null;
        throw error;
      }
    },
    async putMessage(threadId, messageId, body) {
      await client.call(
        `/internal/v1/threads/${encodeURIComponent(threadId)}/messages/${encodeURIComponent(messageId)}`,
        { method: 'PUT', body, authorization: '' },
      );
    },
  };
}

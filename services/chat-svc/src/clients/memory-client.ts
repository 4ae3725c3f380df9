import { createServiceClient } from '@perplexica/http';

/** A memory recalled for a question: the user's own or their organization's. */
export interface RecalledMemory {
  id: string;
  text: string;
  scope: 'personal' | 'org';
}

export interface MemoryClient {
  recall(input: { userId: string; orgId: string | null; query: string; limit: number }): Promise<{
    enabled: boolean;
    memories: RecalledMemory[];
  }>;
  /** Hands a finished exchange to memory-svc, which extracts facts in the background. */
  extract(input: {
    userId: string;
    orgId: string | null;
    threadId: string;
    question: string;
    answer: string;
  }): Promise<void>;
}

/** memory-svc's internal routes (docs/knowledge.md). */
export function createMemoryClient(config: {
  baseUrl: string;
  serviceToken: string;
  timeoutMs: number;
}): MemoryClient {
  const client = createServiceClient({
    service: 'memory-svc',
    baseUrl: config.baseUrl,
    serviceToken: config.serviceToken,
    timeoutMs: config.timeoutMs,
  });
  return {
    async recall(input) {
      const reply = await client.call<{
        enabled: boolean;
        memories: Array<RecalledMemory & { score?: number }>;
      }>('/internal/v1/recall', { method: 'POST', body: input, authorization: '' });
      return {
        enabled: reply.enabled,
        memories: (reply.memories ?? []).map(({ id, text, scope }) => ({ id, text, scope })),
      };
    },
    async extract(input) {
      await client.call('/internal/v1/extract', { method: 'POST', body: input, authorization: '' });
    },
  };
}

import { createServiceClient, UpstreamError } from '@perplexica/http';

export interface LibraryThread {
  id: string;
  title: string;
  shareId: string | null;
  updatedAt: string;
}

export interface LibraryClient {
  /** Those of `ids` that are threads of this user (others, and unknown ids, are left out). */
  lookupThreads(userId: string, ids: string[]): Promise<LibraryThread[]>;
}

/** library-svc's lookup answers at most this many ids per call. */
const LOOKUP_BATCH = 200;

/** library-svc's internal routes (x-service-token): is this thread the caller's, and its title. */
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
    async lookupThreads(userId, ids) {
      const unique = [...new Set(ids)];
      const found: LibraryThread[] = [];
      for (let start = 0; start < unique.length; start += LOOKUP_BATCH) {
        try {
          const reply = await client.call<{ threads: LibraryThread[] }>('/internal/v1/threads/lookup', {
            method: 'POST',
            body: { userId, ids: unique.slice(start, start + LOOKUP_BATCH) },
            authorization: '',
          });
          found.push(...reply.threads);
        } catch (error) {
          throw error instanceof UpstreamError ? error.toApiError() : error;
        }
      }
      return found;
    },
  };
}

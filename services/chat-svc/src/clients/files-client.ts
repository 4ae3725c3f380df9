import { createServiceClient } from '@perplexica/http';

/** A passage of one page of a user's file, as upload-svc's internal search returns it. */
export interface FilePassage {
  fileId: string;
  fileName: string;
  page: number | null;
  text: string;
  score: number;
  url: string;
}

export interface FilesClient {
  /** The user's own files, or a space's files when `spaceId` is given (access checked by the caller). */
  search(input: { userId: string; spaceId?: string; query: string; limit: number }): Promise<FilePassage[]>;
}

/** upload-svc's internal search (docs/knowledge.md). */
export function createFilesClient(config: {
  baseUrl: string;
  serviceToken: string;
  timeoutMs: number;
}): FilesClient {
  const client = createServiceClient({
    service: 'upload-svc',
    baseUrl: config.baseUrl,
    serviceToken: config.serviceToken,
    timeoutMs: config.timeoutMs,
  });
  return {
    async search(input) {
      const reply = await client.call<{ results: FilePassage[] }>('/internal/v1/search', {
        method: 'POST',
        body: input,
        authorization: '',
      });
      return reply.results ?? [];
    },
  };
}

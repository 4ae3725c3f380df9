import { ApiError } from '@perplexica/errors';
import { createServiceClient, UpstreamError } from '@perplexica/http';

/** A connector's document, as upload-svc's PUT /internal/v1/documents takes it. */
export interface ConnectorDocument {
  spaceId: string;
  ownerId: string;
  sourceKey: string;
  name: string;
  url: string;
  mediaType: 'text/plain' | 'text/html' | 'text/markdown';
  content: string;
}

export interface UploadClient {
  /** Stores or updates the document (upload-svc reprocesses it only when the content changed). */
  putDocument(document: ConnectorDocument): Promise<{ changed: boolean }>;
  /** Removes a document the source no longer has; false when upload-svc had none. */
  deleteDocument(spaceId: string, sourceKey: string): Promise<boolean>;
  /** Removes every file of a deleted space. */
  deleteSpaceFiles(spaceId: string): Promise<void>;
}

/**
 * upload-svc's internal routes (x-service-token). Every call is idempotent (PUT, DELETE), so the
 * kit's client retries them on 502/503/504 and network errors. Errors are left as UpstreamError:
 * the sync tells a document upload-svc refuses (4xx) from upload-svc being down.
 */
export function createUploadClient(config: {
  baseUrl: string;
  serviceToken: string;
  timeoutMs: number;
}): UploadClient {
  const client = createServiceClient({
    service: 'upload-svc',
    baseUrl: config.baseUrl,
    serviceToken: config.serviceToken,
    timeoutMs: config.timeoutMs,
  });
  return {
    async putDocument(document) {
      const reply = await client.call<{ changed: boolean }>('/internal/v1/documents', {
        method: 'PUT',
        body: document,
        authorization: '',
      });
      return { changed: reply.changed };
    },
    async deleteDocument(spaceId, sourceKey) {
      const query = new URLSearchParams({ spaceId, sourceKey });
      try {
        await client.call(`/internal/v1/documents?${query}`, { method: 'DELETE', authorization: '' });
        return true;
      } catch (error) {
        if (error instanceof UpstreamError && error.status === 404) return false;
        throw error;
      }
    },
    async deleteSpaceFiles(spaceId) {
      try {
        await client.call(`/internal/v1/spaces/${encodeURIComponent(spaceId)}/files`, {
          method: 'DELETE',
          authorization: '',
        });
      } catch (error) {
        if (!(error instanceof UpstreamError)) throw error;
        // Its 4xx is about our call, not the caller's request: never pass it on as theirs.
        if (error.status !== null && error.status < 500) {
          throw new ApiError(
            'bad_gateway',
            `upload-svc refused to delete the space's files (${error.status})`,
          );
        }
        throw error.toApiError();
      }
    },
  };
}

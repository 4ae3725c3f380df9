import { api } from './client.ts';
import { ApiFailure, failureFrom } from './errors.ts';
import { session } from './session.ts';

export type FileStatus = 'queued' | 'processing' | 'ready' | 'failed';

/** A file as upload-svc describes it (services/upload-svc/README.md). */
export interface StoredFile {
  id: string;
  name: string;
  mediaType: string;
  size: number;
  status: FileStatus;
  /** Why it failed, in words the person can act on. */
  error: string | null;
  pages: number | null;
  chunks: number | null;
  truncated?: boolean;
  spaceId: string | null;
  source: 'upload' | 'connector';
  sourceUrl?: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface UploadResult {
  file: StoredFile;
  /** The same bytes were already there: the existing file answered. */
  duplicate?: boolean;
}

/** What the file picker offers; upload-svc judges the content itself, whatever the name says. */
export const acceptedTypes = '.pdf,.docx,.txt,.md,.markdown,.html,.htm,.csv,.json';

const inSpace = (spaceId: string | undefined) => (spaceId ? `?spaceId=${encodeURIComponent(spaceId)}` : '');

export const files = {
  list: (spaceId?: string) => api<{ files: StoredFile[] }>(`/api/v1/upload/files${inSpace(spaceId)}`),
  get: (id: string) => api<{ file: StoredFile }>(`/api/v1/upload/files/${id}`),
  remove: (id: string) => api<void>(`/api/v1/upload/files/${id}`, { method: 'DELETE' }),
  retry: (id: string) => api<{ file: StoredFile }>(`/api/v1/upload/files/${id}/retry`, { method: 'POST' }),
  /** A short-lived presigned link to the original. */
  /** `inline` opens a PDF in the browser (at a cited page) instead of saving it. */
  downloadLink: (id: string, disposition: 'attachment' | 'inline' = 'attachment') =>
    api<{ url: string; expiresAt: string }>(`/api/v1/upload/files/${id}/download?disposition=${disposition}`),
};

/** Whether a file is still on its way to being searchable (worth asking again soon). */
export const isPending = (file: StoredFile) => file.status === 'queued' || file.status === 'processing';

function sendOnce(
  file: File,
  spaceId: string | undefined,
  token: string | null,
  onProgress: (fraction: number) => void,
  signal: AbortSignal | undefined,
): Promise<{ status: number; body: unknown; retryAfter: string | null }> {
  return new Promise((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open('POST', `/api/v1/upload${inSpace(spaceId)}`);
    if (token) request.setRequestHeader('authorization', `Bearer ${token}`);
    request.responseType = 'json';
    request.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress(event.loaded / event.total);
    };
    request.onload = () =>
      resolve({
        status: request.status,
        body: request.response,
        retryAfter: request.getResponseHeader('retry-after'),
      });
    request.onerror = () => reject(new TypeError('network error'));
    request.onabort = () => reject(new DOMException('The upload was cancelled.', 'AbortError'));
    signal?.addEventListener('abort', () => request.abort(), { once: true });
    const form = new FormData();
    form.append('file', file, file.name);
    request.send(form);
  });
}

/**
 * One file to upload-svc as multipart (`file` part), with upload progress. XMLHttpRequest rather
 * than fetch: fetch cannot report how much of a request body has been sent. Like every API call,
 * a refused token is refreshed once and the upload tried again.
 */
export async function uploadFile(
  file: File,
  options: { spaceId?: string; onProgress?: (fraction: number) => void; signal?: AbortSignal } = {},
): Promise<UploadResult> {
  const onProgress = options.onProgress ?? (() => {});
  let reply = await sendOnce(file, options.spaceId, await session.accessToken(), onProgress, options.signal);
  if (reply.status === 401 && (await session.refresh())) {
    onProgress(0);
    reply = await sendOnce(file, options.spaceId, await session.accessToken(), onProgress, options.signal);
  }
  if (reply.status < 200 || reply.status >= 300)
    throw failureFrom(reply.status, reply.body, reply.retryAfter);
  if (!reply.body) throw new ApiFailure(reply.status, 'bad_gateway', 'The server sent an empty answer.');
  return reply.body as UploadResult;
}

/**
 * Downloads a file: a fresh presigned link from upload-svc, followed at once. upload-svc signs it
 * as an attachment, so the browser saves the file and the app stays where it is.
 */
export async function downloadStoredFile(id: string): Promise<void> {
  const { url } = await files.downloadLink(id);
  const link = document.createElement('a');
  link.href = url;
  link.rel = 'noopener';
  document.body.append(link);
  link.click();
  link.remove();
}

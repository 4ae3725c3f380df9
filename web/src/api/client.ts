import { ApiFailure, failureFrom } from './errors.ts';
import { session } from './session.ts';

export interface RequestOptions {
  method?: string;
  body?: unknown;
  signal?: AbortSignal;
}

/** An authenticated fetch: the access token, and one refresh-and-retry when it was refused. */
export async function authorizedFetch(path: string, init: RequestInit = {}): Promise<Response> {
  const send = async () => {
    const token = await session.accessToken();
    const headers = new Headers(init.headers);
    if (token) headers.set('authorization', `Bearer ${token}`);
    return fetch(path, { ...init, headers, credentials: 'same-origin' });
  };
  let response = await send();
  if (response.status === 401 && (await session.refresh())) response = await send();
  return response;
}

/** A JSON call to the API; throws ApiFailure with a readable message on any error. */
export async function api<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const response = await authorizedFetch(path, {
    method: options.method ?? (options.body === undefined ? 'GET' : 'POST'),
    headers: options.body === undefined ? {} : { 'content-type': 'application/json' },
    ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
    ...(options.signal ? { signal: options.signal } : {}),
  });
  if (response.status === 204) return undefined as T;
  const body = await response.json().catch(() => null);
  if (!response.ok) throw failureFrom(response.status, body, response.headers.get('retry-after'));
  if (body === null) throw new ApiFailure(response.status, 'bad_gateway', 'The server sent an empty answer.');
  return body as T;
}

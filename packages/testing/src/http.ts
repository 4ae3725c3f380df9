// Tests read whatever JSON a route answers and assert on it; `any` keeps those reads short.
// biome-ignore lint/suspicious/noExplicitAny: see above
export interface JsonResponse<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

export interface CallOptions {
  method?: string;
  /** Sent as JSON (a string is sent as is); the method defaults to POST when there is one. */
  body?: unknown;
  /** Bearer token. */
  token?: string;
  /** Sent as x-service-token (internal routes). */
  serviceToken?: string;
  headers?: Record<string, string>;
}

/** fetch with a JSON body; returns status, headers and the parsed body (null when empty). */
// biome-ignore lint/suspicious/noExplicitAny: see JsonResponse
export async function callJson<T = any>(url: string, init: CallOptions = {}): Promise<JsonResponse<T>> {
  const headers: Record<string, string> = { ...init.headers };
  if (init.body !== undefined) headers['content-type'] ??= 'application/json';
  if (init.token) headers.authorization = `Bearer ${init.token}`;
  if (init.serviceToken) headers['x-service-token'] = init.serviceToken;
  const response = await fetch(url, {
    method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
    headers,
    body:
      init.body === undefined
        ? undefined
        : typeof init.body === 'string'
          ? init.body
          : JSON.stringify(init.body),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : null };
}

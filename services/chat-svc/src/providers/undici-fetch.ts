import { Readable } from 'node:stream';
import { Agent, request } from 'undici';

/**
 * A `fetch` for the provider clients (openai, ollama: both take one in their options) built on
 * undici's request() and a keep-alive pool of our own. Measured with the fake OpenAI server on a
 * 2-core machine, a streamed chat completion costs about half the CPU it costs through the global
 * fetch, whose WHATWG Request/Headers plumbing outweighs the call itself. It returns a real
 * `Response`, so the clients' handling of statuses, headers, errors and aborts is unchanged.
 */
export function createUndiciFetch(options: { connections?: number } = {}): typeof fetch {
  const dispatcher = new Agent({ connections: options.connections ?? 128, keepAliveTimeout: 10_000 });
  return async (input, init = {}) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const headers: Record<string, string> = {};
    new Headers(init.headers).forEach((value, name) => {
      headers[name] = value;
    });
    const reply = await request(url, {
      method: (init.method ?? 'GET') as 'GET',
      headers,
      body: init.body as string | Uint8Array | null | undefined,
      signal: init.signal ?? undefined,
      dispatcher,
    });
    const responseHeaders = new Headers();
    for (const [name, value] of Object.entries(reply.headers)) {
      if (value === undefined) continue;
      if (Array.isArray(value)) for (const item of value) responseHeaders.append(name, item);
      else responseHeaders.set(name, value);
    }
    // 204/304 (and HEAD) have no body; Response refuses one for them.
    const bodyless = reply.statusCode === 204 || reply.statusCode === 304 || init.method === 'HEAD';
    if (bodyless) await reply.body.dump();
    return new Response(bodyless ? null : (Readable.toWeb(reply.body) as ReadableStream<Uint8Array>), {
      status: reply.statusCode,
      headers: responseHeaders,
    });
  };
}

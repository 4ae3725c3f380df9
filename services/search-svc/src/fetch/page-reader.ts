import { Agent, request } from 'undici';
import { guardedLookup, ipLiteral, isExplicitlyAllowed, isPublicAddress } from './address-guard.ts';
import { readableText } from './readable-text.ts';

export interface PageReaderOptions {
  /** host:port pairs that may be private (FETCH_ALLOW_PRIVATE_HOSTS); "*" allows everything. */
  allowPrivateHosts: string[];
  timeoutMs: number;
  maxBytes: number;
  maxRedirects: number;
  userAgent: string;
}

export interface ReadPage {
  url: string;
  title: string;
  text: string;
  truncated: boolean;
}

export interface FetchFailure {
  url: string;
  reason: string;
}

export type ReadOutcome = { page: ReadPage } | { failure: FetchFailure };

export interface PageReader {
  read(url: string, maxChars: number): Promise<ReadOutcome>;
  close(): Promise<void>;
}

const redirectStatuses = new Set([301, 302, 303, 307, 308]);
const htmlTypes = ['text/html', 'application/xhtml+xml'];

class ReadFailure extends Error {
  readonly reason: string;
  constructor(reason: string) {
    super(reason);
    this.reason = reason;
  }
}

function causedByPrivateAddress(error: unknown): boolean {
  for (let current = error, depth = 0; current && depth < 5; depth += 1) {
    if ((current as { code?: string }).code === 'ERR_PRIVATE_ADDRESS') return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}

function charsetOf(contentType: string): string {
  return /charset=["']?([\w-]+)/i.exec(contentType)?.[1] ?? 'utf-8';
}

function decode(bytes: Uint8Array, charset: string): string {
  try {
    return new TextDecoder(charset).decode(bytes);
  } catch {
    return new TextDecoder('utf-8').decode(bytes);
  }
}

/**
 * Reads web pages for the researcher: follows at most a few redirects (re-checking every hop),
 * refuses private/loopback/link-local/unique-local/unspecified addresses (checked on the resolved
 * IP, with the connection pinned to the checked address), stops past a size limit and a time limit,
 * and returns the page's readable text.
 */
export function createPageReader(options: PageReaderOptions): PageReader {
  // Two connection pools: the guarded one checks every address it connects to; the open one is
  // used only for hosts the operator explicitly allowed.
  const guarded = new Agent({ connect: { lookup: guardedLookup }, connections: 32 });
  const open = new Agent({ connections: 8 });

  async function fetchBody(start: URL, signal: AbortSignal): Promise<{ url: URL; html: string }> {
    let current = start;
    for (let hop = 0; hop <= options.maxRedirects; hop += 1) {
      if (current.protocol !== 'http:' && current.protocol !== 'https:') throw new ReadFailure('bad_url');
      const allowed = isExplicitlyAllowed(current, options.allowPrivateHosts);
      const literal = ipLiteral(current.hostname);
      // IP literals never go through lookup, so they are checked here.
      if (!allowed && literal && !isPublicAddress(literal)) throw new ReadFailure('private_address');
      let response: Awaited<ReturnType<typeof request>>;
      try {
        response = await request(current, {
          method: 'GET',
          dispatcher: allowed ? open : guarded,
          signal,
          headers: {
            'user-agent': options.userAgent,
            accept: 'text/html,application/xhtml+xml;q=0.9,*/*;q=0.1',
          },
        });
      } catch (error) {
        if (causedByPrivateAddress(error)) throw new ReadFailure('private_address');
        if (signal.aborted) throw new ReadFailure('timeout');
        throw new ReadFailure('network_error');
      }
      const { statusCode, headers, body } = response;
      if (redirectStatuses.has(statusCode)) {
        await body.dump();
        const location = headers.location;
        if (typeof location !== 'string') throw new ReadFailure(`status_${statusCode}`);
        try {
          current = new URL(location, current);
        } catch {
          throw new ReadFailure('bad_url');
        }
        continue;
      }
      if (statusCode < 200 || statusCode > 299) {
        await body.dump();
        throw new ReadFailure(`status_${statusCode}`);
      }
      const contentType = String(headers['content-type'] ?? '').toLowerCase();
      if (!htmlTypes.some((type) => contentType.startsWith(type))) {
        await body.dump();
        throw new ReadFailure('not_html');
      }
      if (Number(headers['content-length'] ?? 0) > options.maxBytes) {
        body.destroy();
        throw new ReadFailure('too_large');
      }
      const chunks: Buffer[] = [];
      let size = 0;
      try {
        for await (const chunk of body) {
          size += (chunk as Buffer).length;
          if (size > options.maxBytes) {
            body.destroy();
            throw new ReadFailure('too_large');
          }
          chunks.push(chunk as Buffer);
        }
      } catch (error) {
        if (error instanceof ReadFailure) throw error;
        throw new ReadFailure(signal.aborted ? 'timeout' : 'network_error');
      }
      return { url: current, html: decode(Buffer.concat(chunks), charsetOf(contentType)) };
    }
    throw new ReadFailure('too_many_redirects');
  }

  return {
    async read(url, maxChars) {
      let start: URL;
      try {
        start = new URL(url);
      } catch {
        return { failure: { url, reason: 'bad_url' } };
      }
      try {
        const fetched = await fetchBody(start, AbortSignal.timeout(options.timeoutMs));
        const { title, text } = readableText(fetched.html, fetched.url.href);
        const truncated = text.length > maxChars;
        return { page: { url, title, text: truncated ? text.slice(0, maxChars) : text, truncated } };
      } catch (error) {
        if (error instanceof ReadFailure) return { failure: { url, reason: error.reason } };
        throw error;
      }
    },
    async close() {
      await Promise.all([guarded.close(), open.close()]);
    },
  };
}

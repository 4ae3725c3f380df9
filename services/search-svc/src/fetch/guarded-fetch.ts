import { causedByPrivateAddress, guardedLookup, ipLiteral, isPublicAddress } from '@perplexica/net';
import { Agent, request } from 'undici';
import { isExplicitlyAllowed } from './address-guard.ts';

export interface GuardedFetchOptions {
  /** host:port pairs that may be private (FETCH_ALLOW_PRIVATE_HOSTS); "*" allows everything. */
  allowPrivateHosts: string[];
  timeoutMs: number;
  maxBytes: number;
  maxRedirects: number;
  userAgent: string;
}

/** What one guarded GET asks for: the media types it accepts, and what to call anything else. */
export interface FetchRequest {
  /** Sent as the Accept header. */
  accept: string;
  /** Content types (without parameters) the body may have. */
  types: readonly string[];
  /** The failure reason for a body of another type ("not_html", "not_text"). */
  wrongTypeReason: string;
  /** At most this many bytes (never more than the configured maxBytes). */
  maxBytes?: number;
}

export interface FetchedBody {
  /** Where the body came from, after redirects. */
  url: URL;
  status: number;
  /** The content type without parameters, lower-cased. */
  mediaType: string;
  /** The Content-Type header as sent (with its charset). */
  contentType: string;
  text: string;
}

/**
 * Why a fetch failed, as a short machine-readable reason: private_address, bad_url, timeout,
 * network_error, too_large, too_many_redirects, status_<code>, or the request's wrongTypeReason.
 */
export class FetchRefused extends Error {
  readonly reason: string;
  constructor(reason: string) {
    super(reason);
    this.name = 'FetchRefused';
    this.reason = reason;
  }
}

export interface GuardedFetcher {
  /** GETs a URL through the SSRF guard; throws FetchRefused when it cannot or may not. */
  fetchText(url: string, wanted: FetchRequest, signal?: AbortSignal): Promise<FetchedBody>;
  close(): Promise<void>;
}

const redirectStatuses = new Set([301, 302, 303, 307, 308]);

function charsetOf(contentType: string, bytes: Uint8Array): string {
  const declared = /charset=["']?([\w-]+)/i.exec(contentType)?.[1];
  if (declared) return declared;
  // XML names its encoding in its prolog when the header does not.
  const prolog = new TextDecoder('latin1').decode(bytes.subarray(0, 200));
  return /^\s*<\?xml[^>]*encoding=["']([\w-]+)["']/i.exec(prolog)?.[1] ?? 'utf-8';
}

function decode(bytes: Uint8Array, charset: string): string {
  try {
    return new TextDecoder(charset).decode(bytes);
  } catch {
    return new TextDecoder('utf-8').decode(bytes);
  }
}

/**
 * GETs from the open web for the page reader and for raw fetches: http(s) only, at most a few
 * redirects (every hop checked again), private/loopback/link-local/unique-local/unspecified
 * addresses refused (checked on the resolved IP, with the connection pinned to the checked
 * address), a byte cap while streaming and one time limit for the whole read.
 */
export function createGuardedFetcher(options: GuardedFetchOptions): GuardedFetcher {
  // Two connection pools: the guarded one checks every address it connects to; the open one is
  // used only for hosts the operator explicitly allowed.
  const guarded = new Agent({ connect: { lookup: guardedLookup }, connections: 32 });
  const open = new Agent({ connections: 8 });

  async function fetchText(
    url: string,
    wanted: FetchRequest,
    signal = AbortSignal.timeout(options.timeoutMs),
  ): Promise<FetchedBody> {
    const maxBytes = Math.min(wanted.maxBytes ?? options.maxBytes, options.maxBytes);
    let current: URL;
    try {
      current = new URL(url);
    } catch {
      throw new FetchRefused('bad_url');
    }
    for (let hop = 0; hop <= options.maxRedirects; hop += 1) {
      if (current.protocol !== 'http:' && current.protocol !== 'https:') throw new FetchRefused('bad_url');
      const allowed = isExplicitlyAllowed(current, options.allowPrivateHosts);
      const literal = ipLiteral(current.hostname);
      // IP literals never go through lookup, so they are checked here.
      if (!allowed && literal && !isPublicAddress(literal)) throw new FetchRefused('private_address');
      let response: Awaited<ReturnType<typeof request>>;
      try {
        response = await request(current, {
          method: 'GET',
          dispatcher: allowed ? open : guarded,
          signal,
          headers: { 'user-agent': options.userAgent, accept: wanted.accept },
        });
      } catch (error) {
        if (causedByPrivateAddress(error)) throw new FetchRefused('private_address');
        if (signal.aborted) throw new FetchRefused('timeout');
        throw new FetchRefused('network_error');
      }
      const { statusCode, headers, body } = response;
      if (redirectStatuses.has(statusCode)) {
        await body.dump();
        const location = headers.location;
        if (typeof location !== 'string') throw new FetchRefused(`status_${statusCode}`);
        try {
          current = new URL(location, current);
        } catch {
          throw new FetchRefused('bad_url');
        }
        continue;
      }
      if (statusCode < 200 || statusCode > 299) {
        await body.dump();
        throw new FetchRefused(`status_${statusCode}`);
      }
      const contentType = String(headers['content-type'] ?? '');
      const mediaType = contentType.split(';')[0]?.trim().toLowerCase() ?? '';
      if (!wanted.types.includes(mediaType)) {
        await body.dump();
        throw new FetchRefused(wanted.wrongTypeReason);
      }
      // Destroying a body still being received makes undici emit an abort error: expected here.
      body.on('error', () => {});
      if (Number(headers['content-length'] ?? 0) > maxBytes) {
        body.destroy();
        throw new FetchRefused('too_large');
      }
      const chunks: Buffer[] = [];
      let size = 0;
      try {
        for await (const chunk of body) {
          size += (chunk as Buffer).length;
          if (size > maxBytes) {
            body.destroy();
            throw new FetchRefused('too_large');
          }
          chunks.push(chunk as Buffer);
        }
      } catch (error) {
        if (error instanceof FetchRefused) throw error;
        throw new FetchRefused(signal.aborted ? 'timeout' : 'network_error');
      }
      const bytes = Buffer.concat(chunks);
      return {
        url: current,
        status: statusCode,
        mediaType,
        contentType,
        text: decode(bytes, charsetOf(contentType, bytes)),
      };
    }
    throw new FetchRefused('too_many_redirects');
  }

  return {
    fetchText,
    async close() {
      await Promise.all([guarded.close(), open.close()]);
    },
  };
}

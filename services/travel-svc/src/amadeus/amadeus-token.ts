import { ApiError } from '@perplexica/errors';
import type { Logger } from '@perplexica/observability';
import { providerFailure, providerRequest } from '../provider-http.ts';
import { tokenAnswer } from './amadeus-wire.ts';

export interface AmadeusTokenConfig {
  baseUrl: string;
  clientId: string;
  clientSecret: string;
  timeoutMs: number;
  fetch: typeof fetch;
  logger: Logger;
  now: () => number;
}

export interface AmadeusTokens {
  /** A valid access token: the cached one until a minute before it expires, else a new grant. */
  get(): Promise<string>;
  /** Drops `token` if it is the cached one (Amadeus said it is invalid or expired). */
  invalidate(token: string): void;
}

/** Renew this long before Amadeus' expiry, so a token never dies between check and use. */
const MARGIN_MS = 60_000;

/**
 * OAuth2 client credentials at `POST /v1/security/oauth2/token`. One grant at a time per process:
 * a burst of hotel searches after expiry asks Amadeus once, not once per request.
 */
export function createAmadeusTokens(config: AmadeusTokenConfig): AmadeusTokens {
  let current: { token: string; renewAt: number } | null = null;
  let pending: Promise<string> | null = null;

  async function grant(): Promise<string> {
    const url = new URL('/v1/security/oauth2/token', config.baseUrl);
    const reply = await providerRequest({
      provider: 'Amadeus',
      url,
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: config.clientId,
        client_secret: config.clientSecret,
      }).toString(),
      timeoutMs: config.timeoutMs,
      fetch: config.fetch,
      logger: config.logger,
    });
    if (reply.status === 400 || reply.status === 401) {
      config.logger.error(
        { provider: 'Amadeus', status: reply.status },
        'Amadeus refused our client credentials',
      );
      throw new ApiError(
        'bad_gateway',
        'Amadeus refused our client credentials: check AMADEUS_CLIENT_ID and AMADEUS_CLIENT_SECRET',
      );
    }
    const parsed = tokenAnswer.safeParse(reply.body);
    if (reply.status !== 200 || !parsed.success) {
      throw providerFailure(config.logger, 'Amadeus', url.pathname, reply);
    }
    const lifetimeMs = parsed.data.expires_in * 1000;
    current = {
      token: parsed.data.access_token,
      renewAt: config.now() + Math.max(0, lifetimeMs - MARGIN_MS),
    };
    return parsed.data.access_token;
  }

  return {
    get() {
      if (current && current.renewAt > config.now()) return Promise.resolve(current.token);
      pending ??= grant().finally(() => {
        pending = null;
      });
      return pending;
    },
    invalidate(token) {
      if (current?.token === token) current = null;
    },
  };
}

import type { ApiKeyVerifier, AuthUser } from '@perplexica/auth-kit';
import { createServiceClient, UpstreamError } from './service-client.ts';

export interface RemoteApiKeyVerifierConfig {
  authServiceUrl: string;
  serviceToken: string;
  /** How long a verdict is reused; a revoked key stops working within this time. */
  cacheMs?: number;
  maxEntries?: number;
}

/**
 * Verifies API keys by asking auth-svc (which alone holds their hashes), with a short in-process
 * cache so a busy API client does not cost an extra hop per request.
 */
export function createRemoteApiKeyVerifier(config: RemoteApiKeyVerifierConfig): ApiKeyVerifier {
  const client = createServiceClient({
    service: 'auth-svc',
    baseUrl: config.authServiceUrl,
    serviceToken: config.serviceToken,
    timeoutMs: 3_000,
  });
  const cacheMs = config.cacheMs ?? 30_000;
  const maxEntries = config.maxEntries ?? 10_000;
  const cache = new Map<string, { user: AuthUser | null; expires: number }>();

  return {
    async verify(key) {
      const hit = cache.get(key);
      if (hit && hit.expires > Date.now()) return hit.user;
      let user: AuthUser | null;
      try {
        const result = await client.call<{ user: AuthUser }>('/internal/v1/api-keys/verify', {
          method: 'POST',
          body: { key },
          authorization: '',
        });
        user = result.user;
      } catch (error) {
        if (error instanceof UpstreamError && error.status === 401) user = null;
        else throw error;
      }
      if (cache.size >= maxEntries) cache.delete(cache.keys().next().value as string);
      cache.set(key, { user, expires: Date.now() + cacheMs });
      return user;
    },
  };
}

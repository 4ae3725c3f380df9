import { API_KEY_REVOKED_CHANNEL, type ApiKeyVerifier, type AuthUser } from '@perplexica/auth-kit';
import { followChannel, type Redis } from '@perplexica/redis';
import { createServiceClient, UpstreamError } from './service-client.ts';

export interface RemoteApiKeyVerifierConfig {
  authServiceUrl: string;
  serviceToken: string;
  /** How long a verdict is reused; a revoked key stops working within this time at the latest. */
  cacheMs?: number;
  maxEntries?: number;
  /** With it, auth-svc's revocation messages drop a cached key at once instead of at expiry. */
  redis?: Redis;
}

/**
 * Verifies API keys by asking auth-svc (which alone holds their hashes), with a short in-process
 * cache so a busy API client does not cost an extra hop per request. A revoked key is dropped
 * from the cache as soon as auth-svc announces it (Redis pub/sub), so revocation takes effect at
 * once; the expiry only bounds a missed announcement.
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
  if (config.redis) {
    followChannel(config.redis, API_KEY_REVOKED_CHANNEL, (keyId) => {
      for (const [key, entry] of cache) if (entry.user?.apiKeyId === keyId) cache.delete(key);
    });
  }

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

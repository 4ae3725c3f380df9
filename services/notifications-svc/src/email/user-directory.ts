import { createServiceClient, UpstreamError } from '@perplexica/http';

/** Who a user is, as far as an email needs: auth-svc's internal user view. */
export interface Recipient {
  id: string;
  email: string;
  name: string | null;
}

export interface UserDirectory {
  /** The user's address, or null when auth-svc knows no such user. Unreachable: throws (retried). */
  find(userId: string): Promise<Recipient | null>;
}

/** auth-svc's `GET /internal/v1/users/:id` (x-service-token); we keep no copy of addresses. */
export function createUserDirectory(config: {
  baseUrl: string;
  serviceToken: string;
  timeoutMs?: number;
}): UserDirectory {
  const client = createServiceClient({
    service: 'auth-svc',
    baseUrl: config.baseUrl,
    serviceToken: config.serviceToken,
    timeoutMs: config.timeoutMs ?? 5_000,
  });
  return {
    async find(userId) {
      try {
        const reply = await client.call<{ user: { id: string; email: string; name?: string | null } }>(
          `/internal/v1/users/${encodeURIComponent(userId)}`,
          { authorization: '' },
        );
        return { id: reply.user.id, email: reply.user.email, name: reply.user.name ?? null };
      } catch (error) {
        if (error instanceof UpstreamError && error.status === 404) return null;
        throw error;
      }
    },
  };
}

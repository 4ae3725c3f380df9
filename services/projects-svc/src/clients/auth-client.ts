import { createServiceClient, UpstreamError } from '@perplexica/http';

export interface Account {
  id: string;
  email: string;
  orgId: string | null;
}

export interface AuthClient {
  /** The account behind an email, or null when there is none. */
  findUserByEmail(email: string): Promise<Account | null>;
}

/** auth-svc's internal lookup (x-service-token); members are added by email. */
export function createAuthClient(config: {
  baseUrl: string;
  serviceToken: string;
  timeoutMs: number;
}): AuthClient {
  const client = createServiceClient({
    service: 'auth-svc',
    baseUrl: config.baseUrl,
    serviceToken: config.serviceToken,
    timeoutMs: config.timeoutMs,
  });
  return {
    async findUserByEmail(email) {
      try {
        const reply = await client.call<{ user: Account }>(
          `/internal/v1/users/by-email?email=${encodeURIComponent(email)}`,
          { authorization: '' },
        );
        return reply.user;
      } catch (error) {
        if (error instanceof UpstreamError && error.status === 404) return null;
        throw error instanceof UpstreamError ? error.toApiError() : error;
      }
    },
  };
}

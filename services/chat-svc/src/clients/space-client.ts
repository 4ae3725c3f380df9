import type { AuthUser } from '@perplexica/auth-kit';
import { createServiceClient, UpstreamError } from '@perplexica/http';

/** What an answer in a space needs to know of it. */
export interface SpaceContext {
  id: string;
  name: string;
  instructions: string;
  defaultMode: string | null;
  defaultFocus: string | null;
  role: 'owner' | 'editor' | 'viewer';
}

export interface SpaceClient {
  /** The space if the user may use it; null when it is missing or not theirs (404 to the user). */
  access(spaceId: string, user: AuthUser): Promise<SpaceContext | null>;
}

/** projects-svc's internal access route (docs/knowledge.md). */
export function createSpaceClient(config: {
  baseUrl: string;
  serviceToken: string;
  timeoutMs: number;
}): SpaceClient {
  const client = createServiceClient({
    service: 'projects-svc',
    baseUrl: config.baseUrl,
    serviceToken: config.serviceToken,
    timeoutMs: config.timeoutMs,
  });
  return {
    async access(spaceId, user) {
      const query = new URLSearchParams({ userId: user.id });
      if (user.orgId) query.set('orgId', user.orgId);
      try {
        const reply = await client.call<{
          space: {
            id: string;
            name: string;
            instructions?: string | null;
            defaultMode?: string | null;
            defaultFocus?: string | null;
          };
          role: SpaceContext['role'];
        }>(`/internal/v1/spaces/${encodeURIComponent(spaceId)}/access?${query}`, { authorization: '' });
        return {
          id: reply.space.id,
          name: reply.space.name,
          instructions: reply.space.instructions ?? '',
          defaultMode: reply.space.defaultMode ?? null,
          defaultFocus: reply.space.defaultFocus ?? null,
          role: reply.role,
        };
      } catch (error) {
        if (error instanceof UpstreamError && (error.status === 404 || error.status === 400)) return null;
        throw error instanceof UpstreamError ? error.toApiError() : error;
      }
    },
  };
}

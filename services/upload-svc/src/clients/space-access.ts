import { createServiceClient, UpstreamError } from '@perplexica/http';

export type SpaceRole = 'owner' | 'editor' | 'viewer';

export interface SpaceAccess {
  /** The user's role in the space, or null when the space is missing or not theirs to see. */
  roleOf(spaceId: string, user: { id: string; orgId: string | null }): Promise<SpaceRole | null>;
}

/** projects-svc decides who may see and change a space (docs/knowledge.md). */
export function createSpaceAccess(config: {
  baseUrl: string;
  serviceToken: string;
  timeoutMs: number;
}): SpaceAccess {
  const client = createServiceClient({
    service: 'projects-svc',
    baseUrl: config.baseUrl,
    serviceToken: config.serviceToken,
    timeoutMs: config.timeoutMs,
  });
  return {
    async roleOf(spaceId, user) {
      const query = new URLSearchParams({ userId: user.id });
      if (user.orgId) query.set('orgId', user.orgId);
      try {
        const reply = await client.call<{ role: SpaceRole }>(
          `/internal/v1/spaces/${encodeURIComponent(spaceId)}/access?${query}`,
          { authorization: '' },
        );
        return reply.role;
      } catch (error) {
        if (error instanceof UpstreamError && (error.status === 404 || error.status === 400)) return null;
        throw error instanceof UpstreamError ? error.toApiError() : error;
      }
    },
  };
}

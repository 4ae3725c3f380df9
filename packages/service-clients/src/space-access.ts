import { createServiceClient, UpstreamError } from '@perplexica/http';

export type SpaceRole = 'owner' | 'editor' | 'viewer';

/** What a service asking in a space needs to know of it (projects-svc's space view, in part). */
export interface SpaceSummary {
  id: string;
  name: string;
  instructions: string;
  defaultMode: string | null;
  defaultFocus: string | null;
  /** Hosts whose pages rank first in answers asked in the space (when relevant at all). */
  pinnedDomains: string[];
  /** Hosts whose pages never become sources of answers asked in the space. */
  blockedDomains: string[];
}

export interface SpaceAccessClient {
  /**
   * The space and the user's role in it, or null when it is missing or not theirs to see (which
   * callers answer as 404). projects-svc unreachable: an error, so access is never guessed.
   */
  access(
    spaceId: string,
    user: { id: string; orgId: string | null },
  ): Promise<{ space: SpaceSummary; role: SpaceRole } | null>;
}

/** projects-svc's internal access route (docs/knowledge.md), used by chat-svc and upload-svc. */
export function createSpaceAccessClient(config: {
  baseUrl: string;
  serviceToken: string;
  timeoutMs: number;
}): SpaceAccessClient {
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
          space: Partial<SpaceSummary> & { id: string; name: string };
          role: SpaceRole;
        }>(`/internal/v1/spaces/${encodeURIComponent(spaceId)}/access?${query}`, { authorization: '' });
        return {
          space: {
            id: reply.space.id,
            name: reply.space.name,
            instructions: reply.space.instructions ?? '',
            defaultMode: reply.space.defaultMode ?? null,
            defaultFocus: reply.space.defaultFocus ?? null,
            // Absent from an older projects-svc: no preferences.
            pinnedDomains: reply.space.pinnedDomains ?? [],
            blockedDomains: reply.space.blockedDomains ?? [],
          },
          role: reply.role,
        };
      } catch (error) {
        // 400: a malformed id, which can be no space of anyone's.
        if (error instanceof UpstreamError && (error.status === 404 || error.status === 400)) return null;
        throw error instanceof UpstreamError ? error.toApiError() : error;
      }
    },
  };
}

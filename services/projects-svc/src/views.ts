import type { CollectionRow, ConnectorRow, MemberRow, SpaceRole, SpaceRow } from './db/schema.ts';

/** A space as a member (or chat-svc, upload-svc) sees it, with the caller's role. */
export function spaceView(space: SpaceRow, role: SpaceRole) {
  return {
    id: space.id,
    name: space.name,
    description: space.description,
    instructions: space.instructions,
    defaultMode: space.default_mode,
    defaultFocus: space.default_focus,
    visibility: space.visibility,
    pinnedDomains: space.pinned_domains,
    blockedDomains: space.blocked_domains,
    ownerId: space.owner_id,
    orgId: space.org_id,
    role,
    createdAt: space.created_at.toISOString(),
    updatedAt: space.updated_at.toISOString(),
  };
}

export function memberView(member: MemberRow) {
  return {
    userId: member.user_id,
    email: member.email,
    role: member.role,
    addedAt: member.added_at.toISOString(),
  };
}

export function collectionView(collection: CollectionRow, threadIds: string[]) {
  return {
    id: collection.id,
    name: collection.name,
    description: collection.description,
    threadIds,
    shareId: collection.share_id,
    createdAt: collection.created_at.toISOString(),
    updatedAt: collection.updated_at.toISOString(),
  };
}

export function connectorView(connector: ConnectorRow) {
  return {
    id: connector.id,
    spaceId: connector.space_id,
    type: connector.type,
    url: connector.url,
    name: connector.name,
    schedule: { intervalMinutes: connector.interval_minutes },
    enabled: connector.enabled,
    lastSync: {
      status: connector.sync_status,
      startedAt: connector.sync_started_at?.toISOString() ?? null,
      finishedAt: connector.sync_finished_at?.toISOString() ?? null,
      documents: connector.sync_documents,
      skipped: connector.sync_skipped,
      error: connector.sync_error,
    },
    createdAt: connector.created_at.toISOString(),
    updatedAt: connector.updated_at.toISOString(),
  };
}

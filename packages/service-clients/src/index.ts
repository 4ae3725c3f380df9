export {
  createNotificationsClient,
  type NotificationKind,
  type NotificationsClient,
  type NotifyInput,
  type NotifyResult,
} from './notifications-client.ts';
export {
  createSpaceAccessClient,
  type SpaceAccessClient,
  type SpaceRole,
  type SpaceSummary,
} from './space-access.ts';

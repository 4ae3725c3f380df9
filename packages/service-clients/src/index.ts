export {
  createSpaceAccessClient,
  type SpaceAccessClient,
  type SpaceRole,
  type SpaceSummary,
} from './space-access.ts';

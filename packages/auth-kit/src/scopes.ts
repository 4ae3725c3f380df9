/**
 * What an API key may be allowed to do. Services guard routes with requireScope(<one of these>);
 * sessions from the web app hold every scope.
 */
export const apiKeyScopes = [
  'chat',
  'search',
  'library:read',
  'library:write',
  'upload',
  'projects',
  'memory',
  'create',
  'discover',
  'finance',
  'travel',
  'media',
  'notifications',
  'billing:read',
] as const;

export type ApiKeyScope = (typeof apiKeyScopes)[number];

/**
 * The one route table: every service, its port, what it owns and which public paths reach it.
 * The local gateway, the K3s Ingress and the Helm values are generated from (or tested against)
 * this list, so ports and paths are written down exactly once.
 */
export interface ServiceEntry {
  /** Directory under services/, Deployment name and DNS name in the cluster. */
  name: string;
  /** Port inside the cluster (every pod listens on its own). */
  port: number;
  /** Port on a laptop, where all services share one host. */
  localPort: number;
  namespace: 'perplexica' | 'perplexica-auth';
  /** Its own Postgres schema, or null when it keeps no tables. */
  schema: string | null;
  /** Public path prefixes routed to it on the api host; [] for internal-only services. */
  publicPaths: string[];
  /** Public host other than the api host (auth-svc is on auth.*). */
  host?: 'auth';
  /**
   * For a service on its own host: the paths that reach it through the local gateway, which has
   * one host for everything (auth-svc's routes all live under these).
   */
  pathsOnLocalGateway?: string[];
}

export const services: readonly ServiceEntry[] = [
  {
    name: 'chat-svc',
    port: 3000,
    localPort: 3000,
    namespace: 'perplexica',
    schema: 'chat',
    publicPaths: ['/api/v1/tasks', '/api'],
  },
  {
    name: 'search-svc',
    port: 3001,
    localPort: 3001,
    namespace: 'perplexica',
    schema: 'search',
    publicPaths: ['/api/v1/patents'],
  },
  {
    name: 'discover-svc',
    port: 3002,
    localPort: 3002,
    namespace: 'perplexica',
    schema: 'discover',
    publicPaths: ['/api/v1/discover'],
  },
  {
    name: 'finance-svc',
    port: 3003,
    localPort: 3003,
    namespace: 'perplexica',
    schema: 'finance',
    publicPaths: ['/api/v1/finance'],
  },
  {
    name: 'travel-svc',
    port: 3004,
    localPort: 3004,
    namespace: 'perplexica',
    schema: 'travel',
    publicPaths: ['/api/v1/travel'],
  },
  {
    name: 'media-svc',
    port: 3005,
    localPort: 3005,
    namespace: 'perplexica',
    schema: 'media',
    publicPaths: ['/api/v1/media'],
  },
  {
    name: 'projects-svc',
    port: 3006,
    localPort: 3006,
    namespace: 'perplexica',
    schema: 'projects',
    publicPaths: ['/api/v1/projects', '/api/v1/collections', '/api/v1/connectors'],
  },
  {
    name: 'upload-svc',
    port: 3007,
    localPort: 3007,
    namespace: 'perplexica',
    schema: 'upload',
    publicPaths: ['/api/v1/upload'],
  },
  {
    name: 'billing-svc',
    port: 3008,
    localPort: 3008,
    namespace: 'perplexica',
    schema: 'billing',
    publicPaths: ['/api/v1/billing'],
  },
  {
    name: 'library-svc',
    port: 3009,
    localPort: 3009,
    namespace: 'perplexica',
    schema: 'library',
    publicPaths: ['/api/v1/library'],
  },
  {
    name: 'memory-svc',
    port: 3010,
    localPort: 3010,
    namespace: 'perplexica',
    schema: 'memory',
    publicPaths: ['/api/v1/memory'],
  },
  {
    name: 'create-svc',
    port: 3011,
    localPort: 3011,
    namespace: 'perplexica',
    schema: 'create',
    publicPaths: ['/api/v1/create', '/api/v1/export'],
  },
  {
    name: 'audit-svc',
    port: 3012,
    localPort: 3012,
    namespace: 'perplexica',
    schema: 'audit',
    publicPaths: ['/api/v1/admin/audit-logs'],
  },
  {
    name: 'notifications-svc',
    port: 3013,
    localPort: 3013,
    namespace: 'perplexica',
    schema: 'notifications',
    publicPaths: ['/api/v1/notifications'],
  },
  {
    name: 'auth-svc',
    port: 3000,
    localPort: 3100,
    namespace: 'perplexica-auth',
    schema: 'auth',
    publicPaths: ['/'],
    host: 'auth',
    pathsOnLocalGateway: ['/api/v1/auth', '/.well-known/jwks.json'],
  },
];

export function serviceNamed(name: string): ServiceEntry {
  const entry = services.find((service) => service.name === name);
  if (!entry) throw new Error(`No service named ${name} in the registry`);
  return entry;
}

/**
 * Which service answers a public api-host path: the longest matching prefix wins, so
 * "/api/v1/tasks" goes to chat-svc's tasks and "/api/v1/library" to library-svc even though
 * chat-svc also owns the "/api" catch-all.
 */
export function routeApiPath(path: string): ServiceEntry | undefined {
  return longestPrefix(path, (entry) => (entry.host ? [] : entry.publicPaths));
}

/**
 * Which service answers a path on the local gateway: the api host's table, plus the services
 * that have a host of their own (auth-svc) under their `pathsOnLocalGateway`; longest prefix wins.
 */
export function routeLocalPath(path: string): ServiceEntry | undefined {
  return longestPrefix(path, (entry) => (entry.host ? (entry.pathsOnLocalGateway ?? []) : entry.publicPaths));
}

function longestPrefix(
  path: string,
  prefixesOf: (entry: ServiceEntry) => string[],
): ServiceEntry | undefined {
  let best: { entry: ServiceEntry; length: number } | undefined;
  for (const entry of services) {
    for (const prefix of prefixesOf(entry)) {
      const matches = path === prefix || path.startsWith(`${prefix}/`);
      if (matches && (!best || prefix.length > best.length)) best = { entry, length: prefix.length };
    }
  }
  return best?.entry;
}

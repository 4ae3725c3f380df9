/**
 * The one route table: every service, its port, what it owns, which public paths reach it, and
 * what it needs to run in the cluster. The local gateway, the K3s manifests and the Helm values
 * are generated from (or tested against) this list, so each fact is written down exactly once.
 */

/** Shared infrastructure in the perplexica-infra namespace. */
export type Infra = 'postgres' | 'redis' | 'minio' | 'searxng';

/** An environment variable read from a key of a named Secret. */
export interface SecretRef {
  secret: string;
  key: string;
  /** The service starts without it (the feature answers 503 not_configured). */
  optional?: boolean;
}

export interface Deployment {
  /** Replicas in production: the HPA's range (min is also the starting count). */
  replicas: { min: number; max: number };
  resources: { cpu: string; memory: string; cpuLimit: string; memoryLimit: string };
  /** Infrastructure it talks to (network policy, and the Secrets for Postgres and Redis). */
  uses: Infra[];
  /** Services it calls over HTTP. */
  calls: string[];
  /** Reaches the internet: LLM providers, web pages, provider APIs. */
  internet: boolean;
  /** Secrets beyond the shared ones (database, Redis, service token, JWT key). */
  secrets: Record<string, SecretRef>;
  /** Holds answers open as Server-Sent Events: no response buffering in front of it. */
  streams?: boolean;
}

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
  deploy: Deployment;
}

const small = { cpu: '50m', memory: '128Mi', cpuLimit: '500m', memoryLimit: '384Mi' };
const medium = { cpu: '100m', memory: '192Mi', cpuLimit: '1', memoryLimit: '512Mi' };
const large = { cpu: '200m', memory: '256Mi', cpuLimit: '2', memoryLimit: '768Mi' };

export const services: readonly ServiceEntry[] = [
  {
    name: 'chat-svc',
    port: 3000,
    localPort: 3000,
    namespace: 'perplexica',
    schema: 'chat',
    publicPaths: ['/api/v1/tasks', '/api'],
    deploy: {
      replicas: { min: 2, max: 8 },
      resources: large,
      // Postgres for Tasks and their runs; the answers themselves never touch it.
      uses: ['postgres', 'redis'],
      calls: [
        'search-svc',
        'library-svc',
        'auth-svc',
        'upload-svc',
        'projects-svc',
        'memory-svc',
        'media-svc',
        'notifications-svc',
      ],
      internet: true,
      secrets: { OPENAI_API_KEY: { secret: 'llm-credentials', key: 'openai_api_key', optional: true } },
      streams: true,
    },
  },
  {
    name: 'search-svc',
    port: 3001,
    localPort: 3001,
    namespace: 'perplexica',
    schema: 'search',
    publicPaths: ['/api/v1/patents'],
    deploy: {
      replicas: { min: 2, max: 6 },
      resources: medium,
      uses: ['postgres', 'redis', 'searxng'],
      calls: ['auth-svc'],
      internet: true,
      secrets: {},
    },
  },
  {
    name: 'discover-svc',
    port: 3002,
    localPort: 3002,
    namespace: 'perplexica',
    schema: 'discover',
    publicPaths: ['/api/v1/discover'],
    deploy: {
      replicas: { min: 1, max: 4 },
      resources: small,
      uses: ['postgres', 'redis'],
      // search-svc for news and feeds; auth-svc checks API keys. The model provider is on the internet.
      calls: ['search-svc', 'auth-svc'],
      internet: true,
      secrets: { OPENAI_API_KEY: { secret: 'llm-credentials', key: 'openai_api_key', optional: true } },
    },
  },
  {
    name: 'finance-svc',
    port: 3003,
    localPort: 3003,
    namespace: 'perplexica',
    schema: 'finance',
    publicPaths: ['/api/v1/finance'],
    deploy: {
      replicas: { min: 1, max: 4 },
      resources: small,
      uses: ['redis'],
      // auth-svc checks API keys (scope finance); FMP is on the internet.
      calls: ['auth-svc'],
      internet: true,
      secrets: { FMP_API_KEY: { secret: 'finance-keys', key: 'fmp_api_key', optional: true } },
    },
  },
  {
    name: 'travel-svc',
    port: 3004,
    localPort: 3004,
    namespace: 'perplexica',
    schema: 'travel',
    publicPaths: ['/api/v1/travel'],
    deploy: {
      replicas: { min: 1, max: 4 },
      resources: small,
      uses: ['redis'],
      // search-svc grounds itineraries; auth-svc checks API keys. Tripadvisor and Amadeus are on the internet.
      calls: ['search-svc', 'auth-svc'],
      internet: true,
      secrets: {
        TRIPADVISOR_API_KEY: { secret: 'travel-keys', key: 'tripadvisor_api_key', optional: true },
        AMADEUS_CLIENT_ID: { secret: 'travel-keys', key: 'amadeus_client_id', optional: true },
        AMADEUS_CLIENT_SECRET: { secret: 'travel-keys', key: 'amadeus_client_secret', optional: true },
        // Itineraries are written by the model when LLM_PROVIDER=openai.
        OPENAI_API_KEY: { secret: 'llm-credentials', key: 'openai_api_key', optional: true },
      },
    },
  },
  {
    name: 'media-svc',
    port: 3005,
    localPort: 3005,
    namespace: 'perplexica',
    schema: 'media',
    publicPaths: ['/api/v1/media'],
    deploy: {
      replicas: { min: 1, max: 3 },
      resources: small,
      uses: ['redis'],
      // auth-svc checks API keys (scope media).
      calls: ['search-svc', 'auth-svc'],
      internet: false,
      secrets: {},
    },
  },
  {
    name: 'projects-svc',
    port: 3006,
    localPort: 3006,
    namespace: 'perplexica',
    schema: 'projects',
    publicPaths: ['/api/v1/projects', '/api/v1/collections', '/api/v1/connectors'],
    deploy: {
      replicas: { min: 1, max: 3 },
      resources: medium,
      uses: ['postgres', 'redis'],
      // search-svc fetches connector sources through its SSRF guard; auth-svc finds members by email.
      calls: ['upload-svc', 'library-svc', 'search-svc', 'auth-svc'],
      internet: false,
      secrets: {},
    },
  },
  {
    name: 'upload-svc',
    port: 3007,
    localPort: 3007,
    namespace: 'perplexica',
    schema: 'upload',
    publicPaths: ['/api/v1/upload'],
    deploy: {
      replicas: { min: 1, max: 4 },
      resources: large,
      uses: ['postgres', 'redis', 'minio'],
      // Space access is projects-svc's; API keys are checked with auth-svc.
      calls: ['projects-svc', 'auth-svc'],
      internet: true,
      secrets: {
        OPENAI_API_KEY: { secret: 'llm-credentials', key: 'openai_api_key', optional: true },
        MINIO_ACCESS_KEY: { secret: 'minio-credentials', key: 'access_key' },
        MINIO_SECRET_KEY: { secret: 'minio-credentials', key: 'secret_key' },
      },
    },
  },
  {
    name: 'billing-svc',
    port: 3008,
    localPort: 3008,
    namespace: 'perplexica',
    schema: 'billing',
    publicPaths: ['/api/v1/billing'],
    deploy: {
      replicas: { min: 2, max: 3 },
      resources: small,
      uses: ['postgres', 'redis'],
      calls: [],
      internet: true,
      secrets: {
        YOOKASSA_SHOP_ID: { secret: 'yookassa-credentials', key: 'shop_id', optional: true },
        YOOKASSA_SECRET_KEY: { secret: 'yookassa-credentials', key: 'secret_key', optional: true },
      },
    },
  },
  {
    name: 'library-svc',
    port: 3009,
    localPort: 3009,
    namespace: 'perplexica',
    schema: 'library',
    publicPaths: ['/api/v1/library'],
    deploy: {
      replicas: { min: 2, max: 4 },
      resources: medium,
      uses: ['postgres', 'redis'],
      calls: [],
      internet: false,
      secrets: {},
    },
  },
  {
    name: 'memory-svc',
    port: 3010,
    localPort: 3010,
    namespace: 'perplexica',
    schema: 'memory',
    publicPaths: ['/api/v1/memory'],
    deploy: {
      replicas: { min: 1, max: 3 },
      resources: medium,
      uses: ['postgres', 'redis'],
      calls: [],
      internet: true,
      secrets: { OPENAI_API_KEY: { secret: 'llm-credentials', key: 'openai_api_key', optional: true } },
    },
  },
  {
    name: 'create-svc',
    port: 3011,
    localPort: 3011,
    namespace: 'perplexica',
    schema: 'create',
    publicPaths: ['/api/v1/create', '/api/v1/export'],
    deploy: {
      replicas: { min: 1, max: 3 },
      resources: large,
      uses: ['postgres', 'redis', 'minio'],
      calls: ['library-svc'],
      internet: true,
      secrets: {
        OPENAI_API_KEY: { secret: 'llm-credentials', key: 'openai_api_key', optional: true },
        MINIO_ACCESS_KEY: { secret: 'minio-credentials', key: 'access_key' },
        MINIO_SECRET_KEY: { secret: 'minio-credentials', key: 'secret_key' },
      },
    },
  },
  {
    name: 'audit-svc',
    port: 3012,
    localPort: 3012,
    namespace: 'perplexica',
    schema: 'audit',
    publicPaths: ['/api/v1/admin/audit-logs'],
    deploy: {
      replicas: { min: 1, max: 3 },
      resources: small,
      uses: ['postgres', 'redis'],
      calls: [],
      internet: false,
      secrets: {},
    },
  },
  {
    name: 'notifications-svc',
    port: 3013,
    localPort: 3013,
    namespace: 'perplexica',
    schema: 'notifications',
    publicPaths: ['/api/v1/notifications'],
    deploy: {
      replicas: { min: 1, max: 3 },
      resources: small,
      uses: ['postgres', 'redis'],
      calls: ['auth-svc'],
      internet: true,
      secrets: {
        VAPID_PUBLIC_KEY: { secret: 'notifications-secrets', key: 'vapid_public_key', optional: true },
        VAPID_PRIVATE_KEY: { secret: 'notifications-secrets', key: 'vapid_private_key', optional: true },
        SMTP_URL: { secret: 'notifications-secrets', key: 'smtp_url', optional: true },
      },
    },
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
    deploy: {
      replicas: { min: 2, max: 4 },
      resources: medium,
      uses: ['postgres', 'redis'],
      calls: [],
      // OpenID providers for single sign-on are outside the cluster.
      internet: true,
      secrets: { JWT_PRIVATE_KEY: { secret: 'auth-secrets', key: 'jwt_private_key' } },
    },
  },
];

/** The CronJobs of cache-worker: which task, how often, and how long a run may take. */
export interface CacheWorkerJob {
  name: string;
  /** `--task=<task>`; "all" is the default run. */
  task: 'discover' | 'finance' | 'travel' | 'all';
  schedule: string;
  activeDeadlineSeconds: number;
}

export const cacheWorkerJobs: readonly CacheWorkerJob[] = [
  { name: 'cache-worker', task: 'all', schedule: '*/5 * * * *', activeDeadlineSeconds: 240 },
  { name: 'cache-worker-finance', task: 'finance', schedule: '*/2 * * * *', activeDeadlineSeconds: 100 },
  { name: 'cache-worker-discover', task: 'discover', schedule: '*/15 * * * *', activeDeadlineSeconds: 600 },
  { name: 'cache-worker-travel', task: 'travel', schedule: '0 */4 * * *', activeDeadlineSeconds: 1_200 },
];

/** The services cache-worker asks to recompute (and may reach). */
export const cacheWorkerCalls = ['discover-svc', 'finance-svc', 'travel-svc'] as const;

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

import type { AuditSink } from '@perplexica/audit';
import type { TokenVerifier } from '@perplexica/auth-kit';
import type { Database } from '@perplexica/db';
import type { ServiceEnv } from '@perplexica/http';
import type { Logger, ServiceMetrics } from '@perplexica/observability';
import type { Redis, SlidingWindowLimiter } from '@perplexica/redis';
import type { AuthClient } from './clients/auth-client.ts';
import type { LibraryClient } from './clients/library-client.ts';
import type { SearchClient } from './clients/search-client.ts';
import type { UploadClient } from './clients/upload-client.ts';
import type { ProjectsConfig } from './config.ts';
import type { Connector, ConnectorTools } from './connectors/connector.ts';
import type { SyncQueue } from './connectors/sync-queue.ts';
import type { ProjectsDatabase } from './db/schema.ts';

/** What main.ts (or a test) hands to createApp. */
export interface ProjectsDeps {
  config: ProjectsConfig;
  logger: Logger;
  database: Database<ProjectsDatabase>;
  redis: Redis;
  /** The BullMQ queue of connector syncs; its owner closes it. */
  syncs: SyncQueue;
  /** Where audit events go (main.ts: an emitter to audit-svc's queue); discarded when absent. */
  audit?: AuditSink;
  /** The registry /metrics serves, when main.ts registers metrics of its own on it. */
  metrics?: ServiceMetrics;
}

/** Everything routes (and the sync worker) use, built once from the deps. */
export interface ProjectsContext {
  config: ProjectsConfig;
  logger: Logger;
  db: Database<ProjectsDatabase>['db'];
  tokens: TokenVerifier;
  limiter: SlidingWindowLimiter;
  audit: AuditSink;
  auth: AuthClient;
  library: LibraryClient;
  upload: UploadClient;
  search: SearchClient;
  syncs: SyncQueue;
  /** Connector types by name (connectors/registry.ts). */
  connectors: Record<string, Connector>;
  tools: ConnectorTools;
}

export type ProjectsEnv = ServiceEnv;

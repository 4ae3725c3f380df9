import type { AuditSink } from '@perplexica/audit';
import type { ApiKeyVerifier, TokenVerifier } from '@perplexica/auth-kit';
import type { Database } from '@perplexica/db';
import type { ServiceEnv } from '@perplexica/http';
import type { ChatModel } from '@perplexica/llm';
import type { Logger, ServiceMetrics } from '@perplexica/observability';
import type { Redis } from '@perplexica/redis';
import type { NotificationsClient, SpaceAccessClient } from '@perplexica/service-clients';
import type { AuditPolicyClient } from './clients/audit-policy-client.ts';
import type { BillingClient } from './clients/billing-client.ts';
import type { FilesClient } from './clients/files-client.ts';
import type { LibraryClient } from './clients/library-client.ts';
import type { MediaClient } from './clients/media-client.ts';
import type { MemoryClient } from './clients/memory-client.ts';
import type { SearchClient } from './clients/search-client.ts';
import type { ChatConfig } from './config.ts';
import type { ChatDatabase } from './db/schema.ts';
import type { ReputationBook } from './reputation/reputation-book.ts';
import type { GenerationRegistry } from './streams/generation-registry.ts';
import type { TaskQueue, TaskScheduler } from './tasks/task-queue.ts';
import type { TaskRepository } from './tasks/task-repository.ts';
import type { WebhookQueue } from './webhooks/webhook-queue.ts';
import type { WebhookRepository } from './webhooks/webhook-repository.ts';

/** What main.ts (or a test) hands createApp. */
export interface ChatDeps {
  config: ChatConfig;
  logger: Logger;
  redis: Redis;
  /** chat-svc's own tables: Tasks and their runs. */
  database: Database<ChatDatabase>;
  /** The queue Tasks run on (main.ts and tests close it). */
  taskQueue: TaskQueue;
  /** The queue webhook deliveries go through (main.ts and tests close it). */
  webhookQueue: WebhookQueue;
  /** Defaults to the one LLM_PROVIDER configures (null: extractive). */
  model?: ChatModel | null;
  /** Defaults to auth-svc's introspection (createRemoteApiKeyVerifier). */
  apiKeys?: ApiKeyVerifier;
  /** Where audit events go (main.ts: an emitter to audit-svc's queue); discarded when absent. */
  audit?: AuditSink;
  /** The registry /metrics serves, when main.ts registers metrics of its own on it. */
  metrics?: ServiceMetrics;
}

/** Built once in createApp and shared by the routes. */
export interface ChatContext {
  config: ChatConfig;
  logger: Logger;
  redis: Redis;
  audit: AuditSink;
  /** Whether an org's audit log keeps question text (audit-svc's policy, cached). */
  auditPolicy: AuditPolicyClient;
  model: ChatModel | null;
  /** Quality answers are metered against the asker's plan. */
  billing: BillingClient;
  search: SearchClient;
  library: LibraryClient;
  files: FilesClient;
  spaces: SpaceAccessClient;
  memory: MemoryClient;
  media: MediaClient;
  tokens: TokenVerifier;
  apiKeys: ApiKeyVerifier;
  generations: GenerationRegistry;
  tasks: TaskRepository;
  scheduler: TaskScheduler;
  notifications: NotificationsClient;
  /** Users' webhooks and their delivery log. */
  webhooks: WebhookRepository;
  webhookQueue: WebhookQueue;
  /** The domain reputation list (defaults plus admins' overrides), cached; scores every source. */
  reputation: ReputationBook;
}

export type ChatEnv = ServiceEnv;

import type { AuditSink } from '@perplexica/audit';
import type { ApiKeyVerifier, TokenVerifier } from '@perplexica/auth-kit';
import type { ServiceEnv } from '@perplexica/http';
import type { ChatModel } from '@perplexica/llm';
import type { Logger, ServiceMetrics } from '@perplexica/observability';
import type { Redis } from '@perplexica/redis';
import type { SpaceAccessClient } from '@perplexica/service-clients';
import type { FilesClient } from './clients/files-client.ts';
import type { LibraryClient } from './clients/library-client.ts';
import type { MediaClient } from './clients/media-client.ts';
import type { MemoryClient } from './clients/memory-client.ts';
import type { SearchClient } from './clients/search-client.ts';
import type { ChatConfig } from './config.ts';
import type { GenerationRegistry } from './streams/generation-registry.ts';

/** What main.ts (or a test) hands createApp. */
export interface ChatDeps {
  config: ChatConfig;
  logger: Logger;
  redis: Redis;
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
  model: ChatModel | null;
  search: SearchClient;
  library: LibraryClient;
  files: FilesClient;
  spaces: SpaceAccessClient;
  memory: MemoryClient;
  media: MediaClient;
  tokens: TokenVerifier;
  apiKeys: ApiKeyVerifier;
  generations: GenerationRegistry;
}

export type ChatEnv = ServiceEnv;

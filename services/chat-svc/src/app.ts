import { discardAuditEvents } from '@perplexica/audit';
import { authenticate, createTokenVerifier, requireScope } from '@perplexica/auth-kit';
import { createRemoteApiKeyVerifier, createServiceApp } from '@perplexica/http';
import { pingRedis } from '@perplexica/redis';
import { createNotificationsClient, createSpaceAccessClient } from '@perplexica/service-clients';
import type { Hono } from 'hono';
import { createAuditPolicyClient } from './clients/audit-policy-client.ts';
import { createBillingClient } from './clients/billing-client.ts';
import { createFilesClient } from './clients/files-client.ts';
import { createLibraryClient } from './clients/library-client.ts';
import { createMediaClient } from './clients/media-client.ts';
import { createMemoryClient } from './clients/memory-client.ts';
import { createSearchClient } from './clients/search-client.ts';
import type { ChatContext, ChatDeps, ChatEnv } from './deps.ts';
import { mcpSignedIn } from './mcp/bearer-challenge.ts';
import { createChatModel } from './providers/create-model.ts';
import { credibleSearch } from './reputation/credible-search.ts';
import { createReputationBook } from './reputation/reputation-book.ts';
import { adminReputationRoutes } from './routes/admin-reputation.ts';
import { chatRoutes } from './routes/chat.ts';
import { completionRoutes } from './routes/completions.ts';
import { mcpRoutes } from './routes/mcp.ts';
import { taskRoutes } from './routes/tasks.ts';
import { webhookRoutes } from './routes/webhooks.ts';
import { createGenerationRegistry } from './streams/generation-registry.ts';
import { createTaskScheduler } from './tasks/task-queue.ts';
import { createTaskRepository } from './tasks/task-repository.ts';
import { createWebhookRepository } from './webhooks/webhook-repository.ts';

export function buildContext(deps: ChatDeps): ChatContext {
  const { config } = deps;
  const knowledge = (baseUrl: string) => ({
    baseUrl,
    serviceToken: config.SERVICE_TOKEN,
    timeoutMs: config.KNOWLEDGE_TIMEOUT_MS,
  });
  const reputation = createReputationBook(deps.database.db, {
    ttlMs: config.REPUTATION_CACHE_TTL_MS,
    maxOverrides: config.REPUTATION_MAX_OVERRIDES,
  });
  return {
    config,
    logger: deps.logger,
    redis: deps.redis,
    audit: deps.audit ?? discardAuditEvents,
    auditPolicy: createAuditPolicyClient({
      ...knowledge(config.AUDIT_SERVICE_URL),
      ttlMs: config.AUDIT_POLICY_TTL_MS,
    }),
    model: deps.model === undefined ? createChatModel(config) : deps.model,
    billing: createBillingClient(knowledge(config.BILLING_SERVICE_URL)),
    // Every web result is scored for credibility on arrival (reputation/credible-search.ts).
    search: credibleSearch(
      createSearchClient({
        baseUrl: config.SEARCH_SERVICE_URL,
        serviceToken: config.SERVICE_TOKEN,
        timeoutMs: config.SEARCH_TIMEOUT_MS,
      }),
      reputation,
    ),
    reputation,
    library: createLibraryClient({
      baseUrl: config.LIBRARY_SERVICE_URL,
      serviceToken: config.SERVICE_TOKEN,
      timeoutMs: config.LIBRARY_TIMEOUT_MS,
    }),
    files: createFilesClient(knowledge(config.UPLOAD_SERVICE_URL)),
    spaces: createSpaceAccessClient(knowledge(config.PROJECTS_SERVICE_URL)),
    memory: createMemoryClient(knowledge(config.MEMORY_SERVICE_URL)),
    media: createMediaClient(knowledge(config.MEDIA_SERVICE_URL)),
    tokens: createTokenVerifier({
      publicKeyPem: config.JWT_PUBLIC_KEY,
      issuer: config.JWT_ISSUER,
      audience: config.JWT_AUDIENCE,
    }),
    apiKeys:
      deps.apiKeys ??
      createRemoteApiKeyVerifier({
        authServiceUrl: config.AUTH_SERVICE_URL,
        serviceToken: config.SERVICE_TOKEN,
        redis: deps.redis,
      }),
    generations: createGenerationRegistry(deps.redis, config.CLIENT_GRACE_MS),
    tasks: createTaskRepository(deps.database.db),
    webhooks: createWebhookRepository(deps.database.db),
    webhookQueue: deps.webhookQueue,
    scheduler: createTaskScheduler(deps.taskQueue, config),
    notifications: createNotificationsClient({
      baseUrl: config.NOTIFICATIONS_SERVICE_URL,
      serviceToken: config.SERVICE_TOKEN,
      timeoutMs: config.KNOWLEDGE_TIMEOUT_MS,
    }),
  };
}

/** chat-svc's HTTP API; tests serve it on a free port, main.ts in production. */
export function createApp(deps: ChatDeps): Hono<ChatEnv> & { context: ChatContext } {
  const ctx = buildContext(deps);
  const app = createServiceApp<ChatEnv>({
    name: 'chat-svc',
    logger: deps.logger,
    ...(deps.metrics ? { metrics: deps.metrics } : {}),
    bodyLimitBytes: ctx.config.BODY_LIMIT_BYTES,
    readiness: { postgres: () => deps.database.ping(), redis: () => pingRedis(deps.redis) },
  });
  // Sessions hold every scope; an API key needs `chat` (Tasks ask questions too).
  const signedIn = [
    authenticate({ tokens: ctx.tokens, apiKeys: ctx.apiKeys }),
    requireScope('chat'),
  ] as const;
  app.use('/api/v1/chat', ...signedIn);
  app.use('/api/v1/chat/*', ...signedIn);
  app.use('/api/v1/tasks', ...signedIn);
  app.use('/api/v1/tasks/*', ...signedIn);
  app.route('/api/v1/tasks', taskRoutes(ctx));
  app.use('/api/v1/webhooks', ...signedIn);
  app.use('/api/v1/webhooks/*', ...signedIn);
  app.route('/api/v1/webhooks', webhookRoutes(ctx));
  // Mounted before the chat routes so "completions" is never taken for a message id.
  app.route('/api/v1/chat/completions', completionRoutes(ctx));
  app.route('/api/v1/chat', chatRoutes(ctx));
  // The MCP server (search and ask tools for agents and IDEs): sessions or API keys with `chat`.
  app.use('/api/v1/mcp', mcpSignedIn(ctx));
  app.route('/api/v1/mcp', mcpRoutes(ctx));
  app.route('/api/v1/admin/source-reputation', adminReputationRoutes(ctx));
  return Object.assign(app, { context: ctx });
}

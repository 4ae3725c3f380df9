import {
  flag,
  jwtEnv,
  kitEnv,
  positiveInt,
  postgresEnv,
  redisEnv,
  serviceAuthEnv,
  urlWith,
} from '@perplexica/config';
import { llmEnv } from '@perplexica/llm';
import { z } from 'zod';

/** "name=value,name=value" → a map; used for per-model context windows. */
const numberMap = z
  .string()
  .default('')
  .transform((raw, ctx) => {
    const map: Record<string, number> = {};
    for (const pair of raw
      .split(',')
      .map((part) => part.trim())
      .filter(Boolean)) {
      const [name, value] = pair.split('=');
      const number = Number(value);
      if (!name || !Number.isInteger(number) || number <= 0) {
        ctx.addIssue({ code: 'custom', message: `"${pair}" is not name=positive-integer` });
        return z.NEVER;
      }
      map[name.trim()] = number;
    }
    return map;
  });

/** Every variable chat-svc reads, parsed once at boot (see README for each). */
export const chatConfigSchema = z.object({
  ...kitEnv(3000),
  ...postgresEnv,
  ...redisEnv,
  ...jwtEnv,
  ...serviceAuthEnv,
  DB_SCHEMA: z.string().default('chat'),
  REDIS_KEY_PREFIX: z.string().default('perplexica:chat:'),
  SEARCH_SERVICE_URL: urlWith('http', 'https').default('http://127.0.0.1:3001'),
  LIBRARY_SERVICE_URL: urlWith('http', 'https').default('http://127.0.0.1:3009'),
  SEARCH_TIMEOUT_MS: positiveInt(15_000),
  LIBRARY_TIMEOUT_MS: positiveInt(5_000),
  /** The user's own knowledge: files (upload-svc), spaces (projects-svc), memories (memory-svc). */
  UPLOAD_SERVICE_URL: urlWith('http', 'https').default('http://127.0.0.1:3007'),
  PROJECTS_SERVICE_URL: urlWith('http', 'https').default('http://127.0.0.1:3006'),
  MEMORY_SERVICE_URL: urlWith('http', 'https').default('http://127.0.0.1:3010'),
  /** Images and videos for the question, shown beside web answers (media-svc). */
  MEDIA_SERVICE_URL: urlWith('http', 'https').default('http://127.0.0.1:3005'),
  ANSWER_MEDIA: flag(true),
  KNOWLEDGE_TIMEOUT_MS: positiveInt(5_000),
  /** Memories recalled into an answer's context, at most. */
  MEMORY_RECALL_LIMIT: positiveInt(5),

  /** Which model answers (extractive unless a provider is configured) and how it is reached. */
  ...llmEnv,
  /** Empty disables embeddings: sources are then ranked lexically (BM25). */
  OPENAI_EMBEDDING_MODEL: z.string().default('text-embedding-3-small'),
  OLLAMA_EMBEDDING_MODEL: z.string().default('nomic-embed-text'),
  /** Context window of the chat model in tokens; MODEL_CONTEXT_WINDOWS overrides it per model name. */
  MODEL_CONTEXT_WINDOW: positiveInt(8_192),
  MODEL_CONTEXT_WINDOWS: numberMap,
  /** Tokens kept free for the answer itself. */
  ANSWER_MAX_TOKENS: positiveInt(1_024),
  /** Tokens of sources given to the model, per mode (capped by what the context window leaves). */
  CONTEXT_TOKENS_SPEED: positiveInt(1_500),
  CONTEXT_TOKENS_BALANCED: positiveInt(4_000),
  CONTEXT_TOKENS_QUALITY: positiveInt(8_000),
  CONTEXT_TOKENS_LEARN: positiveInt(4_000),
  /** Earlier question/answer pairs of the thread given to the model on a follow-up. */
  HISTORY_TURNS: positiveInt(6),
  /** Tool calls the quality-mode research agent may make before it must stop. */
  RESEARCH_MAX_STEPS: positiveInt(4),

  /** How long a finished (or abandoned) answer's events stay replayable. */
  STREAM_TTL_SECONDS: positiveInt(300),
  /** Upper bound of entries kept per answer's event stream (deltas are coalesced per write). */
  STREAM_MAX_EVENTS: positiveInt(5_000),
  /** How often an answer's new events are written to its Redis stream (resumed readers lag this much). */
  STREAM_FLUSH_MS: positiveInt(50),
  /** How long an answer keeps generating with no client reading it before it is cancelled. */
  CLIENT_GRACE_MS: positiveInt(15_000),
  /** Longest a resumed stream waits for the next event before giving up. */
  RESUME_WAIT_MS: positiveInt(60_000),
  /** Longest question accepted, in characters. */
  MAX_QUERY_CHARS: positiveInt(8_000),

  /** audit-svc: whether an org's audit log keeps question text; each org's answer is remembered this long. */
  AUDIT_SERVICE_URL: urlWith('http', 'https').default('http://127.0.0.1:3012'),
  AUDIT_POLICY_TTL_MS: positiveInt(60_000),

  /** billing-svc: quality answers count against the asker's plan (QUOTAS=false: no metering). */
  BILLING_SERVICE_URL: urlWith('http', 'https').default('http://127.0.0.1:3008'),
  QUOTAS: flag(true),

  /** Tasks: where their results are announced (notifications-svc). */
  NOTIFICATIONS_SERVICE_URL: urlWith('http', 'https').default('http://127.0.0.1:3013'),
  /** Run the Tasks worker in this process (turn off for answer-only replicas). */
  TASKS_WORKER: flag(true),
  /** Task runs in progress at once per replica (each is a whole answer). */
  TASKS_CONCURRENCY: positiveInt(2),
  /** Attempts of a run whose answer or notification failed, with exponential backoff from TASKS_BACKOFF_MS. */
  TASKS_ATTEMPTS: positiveInt(4),
  TASKS_BACKOFF_MS: positiveInt(30_000),
  /** The longest a run's answer may take before it counts as failed. */
  TASKS_RUN_TIMEOUT_MS: positiveInt(120_000),
  /** Shortest interval schedule accepted: every run is a paid model call. */
  TASKS_MIN_INTERVAL_SECONDS: positiveInt(3_600),
  TASKS_MAX_PER_USER: positiveInt(50),
  /** The longest an MCP `ask` may take before the tool answers with an error. */
  MCP_ASK_TIMEOUT_MS: positiveInt(120_000),

  /** Webhooks: run the delivery worker in this process (turn off for answer-only replicas). */
  WEBHOOKS_WORKER: flag(true),
  /** Allows http URLs and private/loopback addresses: tests and the local stack only, never production. */
  WEBHOOKS_ALLOW_INSECURE: flag(false),
  /** Attempts per delivery, with exponential backoff from WEBHOOKS_BACKOFF_MS (8 attempts from 30 s: about an hour in all). */
  WEBHOOKS_ATTEMPTS: positiveInt(8),
  WEBHOOKS_BACKOFF_MS: positiveInt(30_000),
  /** The longest a receiver may take to answer one delivery. */
  WEBHOOKS_TIMEOUT_MS: positiveInt(10_000),
  WEBHOOKS_CONCURRENCY: positiveInt(4),
  WEBHOOKS_MAX_PER_USER: positiveInt(10),

  /** Source credibility: how long admins' reputation overrides are cached per replica, and how many may exist. */
  REPUTATION_CACHE_TTL_MS: positiveInt(30_000),
  REPUTATION_MAX_OVERRIDES: positiveInt(2_000),
});

export type ChatConfig = z.infer<typeof chatConfigSchema>;

import type { Writable } from 'node:stream';
import { loadConfig } from '@perplexica/config';
import type { z } from 'zod';
import { freshSchema } from './database.ts';
import { generateSigningKeyPair, type PemKeyPair } from './keys.ts';
import { type FetchApp, type ListeningApp, listen } from './listen.ts';
import { type CapturedLogs, captureLogs } from './logs.ts';
import { freshRedisPrefix } from './redis.ts';
import { signTestAccessToken, type TestTokenOptions } from './tokens.ts';

/** Every harness sends this token on internal routes, so the services one test starts trust each other. */
export const TEST_SERVICE_TOKEN = 'test-service-token-0123456789abcdef';

/** What this helper reads back from the service's parsed config: the kit's own variables. */
interface KitVariables {
  LOG_LEVEL: string;
  REDIS_URL: string;
  REDIS_KEY_PREFIX: string;
  POSTGRES_URL?: string;
  DB_SCHEMA?: string;
}

interface ClosableDatabase {
  db: unknown;
  close(): Promise<void>;
}

/**
 * How the service opens its database: @perplexica/db's createDatabase (instantiated with the
 * service's tables, e.g. `createDatabase<MemoryDatabase>`) and migrateToLatest, with its migrations.
 * The harness passes the kit's constructors in rather than this package importing them:
 * @perplexica/db, redis and observability test themselves with this package, and depending on them
 * would make a cycle that turbo refuses.
 */
export interface TestDatabaseSetup<Database extends ClosableDatabase, Migrations> {
  create(options: {
    url: string;
    schema: string;
    poolMax: number;
    settings?: Record<string, string>;
  }): Database;
  migrate(db: Database['db'], schema: string, migrations: Migrations): Promise<unknown>;
  migrations: Migrations;
  /** Pool size (default 5). */
  poolMax?: number;
  /** Run-time settings for every connection, as the service's main.ts gives them. */
  settings?: Record<string, string>;
}

export interface PrepareServiceOptions<Schema, Logger, Redis, Database extends ClosableDatabase, Migrations> {
  /** The name the service logs under, e.g. "memory-svc"; its schema and key prefix are named after it. */
  service: string;
  /** The service's zod env schema, parsed exactly as in production. */
  configSchema: Schema;
  /**
   * Variables over the defaults: NODE_ENV=test, LOG_LEVEL=info, the fresh schema and key prefix,
   * TEST_SERVICE_TOKEN and the public key of `keys`. Empty or undefined values count as unset.
   */
  env?: Record<string, string | undefined>;
  /** Trust tokens signed with this pair (one a test shares between services); default: a fresh pair. */
  keys?: PemKeyPair;
  /** @perplexica/observability's createLogger. */
  createLogger(options: { service: string; level: string; destination: Writable }): Logger;
  /** @perplexica/redis's createRedis. */
  createRedis(options: { url: string; keyPrefix: string }): Redis;
  /** Left out for a service without Postgres: then no schema is made and there is no `database`. */
  database?: TestDatabaseSetup<Database, Migrations>;
}

/** What every service's createApp takes: config, logger, Redis and (with Postgres) the database. */
export type ServiceDeps<Config, Logger, Redis, Database> = {
  config: Config;
  logger: Logger;
  redis: Redis;
} & ([Database] extends [never] ? unknown : { database: Database });

/** Claims of a test access token besides its user (organization, roles, session…). */
export type TestClaims = Omit<TestTokenOptions, 'privateKeyPem' | 'userId'>;

export interface ServeOptions {
  /** Listen on this port (chosen earlier, when the service must know its own URL); default: a free one. */
  port?: number;
  /**
   * Stops what the harness started beside the app (workers, queues, emitters): called after the
   * server has closed and before the database and Redis close.
   */
  close?(): Promise<void>;
}

export interface ServedService {
  url: string;
  /** The server alone (its close() stops only the server). */
  listening: ListeningApp;
  /** Closes the server, then ServeOptions.close, the database and Redis; deletes the keys and drops the schema. */
  close(): Promise<void>;
}

export type PreparedService<Config, Logger, Redis, Database> = ServiceDeps<
  Config,
  Logger,
  Redis,
  Database
> & {
  /** config, logger, redis and database as one object, to spread into the service's deps. */
  deps: ServiceDeps<Config, Logger, Redis, Database>;
  /** Everything the logger wrote. */
  logs: CapturedLogs;
  keys: PemKeyPair;
  /** An access token for the user, signed with `keys`. */
  token(userId: string, claims?: TestClaims): Promise<string>;
  /** Serves the app on 127.0.0.1; what it returns closes everything this helper opened. */
  serve(app: FetchApp, options?: ServeOptions): Promise<ServedService>;
};

/**
 * The start-up every service harness shares: a fresh Postgres schema (when the service has a
 * database) and Redis key prefix, a signing key pair, the config parsed through the service's own
 * schema, a logger into captured logs, the database migrated to the latest and a Redis client.
 * The harness then builds its app (and workers, queues…) from `deps` and calls `serve`.
 */
export async function prepareServiceUnderTest<
  Schema extends z.ZodObject & z.ZodType<KitVariables>,
  Logger,
  Redis extends { disconnect(): void },
  Database extends ClosableDatabase = never,
  Migrations = never,
>(
  options: PrepareServiceOptions<Schema, Logger, Redis, Database, Migrations>,
): Promise<PreparedService<z.infer<Schema>, Logger, Redis, Database>> {
  const label = options.service.replace(/-svc$/, '');
  const schema = options.database ? await freshSchema(label) : null;
  const redisPrefix = freshRedisPrefix(label);
  const keys = options.keys ?? generateSigningKeyPair();
  const config = loadConfig(options.configSchema, {
    NODE_ENV: 'test',
    LOG_LEVEL: 'info',
    ...(schema ? { POSTGRES_URL: schema.url, DB_SCHEMA: schema.schema } : {}),
    REDIS_URL: redisPrefix.url,
    REDIS_KEY_PREFIX: redisPrefix.prefix,
    SERVICE_TOKEN: TEST_SERVICE_TOKEN,
    JWT_PUBLIC_KEY: keys.publicKeyPem,
    ...options.env,
  });
  const kit: KitVariables = config;
  const logs = captureLogs();
  const logger = options.createLogger({
    service: options.service,
    level: kit.LOG_LEVEL,
    destination: logs.stream,
  });
  let database: Database | undefined;
  if (options.database) {
    const { POSTGRES_URL, DB_SCHEMA } = kit;
    if (!POSTGRES_URL || !DB_SCHEMA)
      throw new Error(`${options.service}: its config has no POSTGRES_URL or DB_SCHEMA`);
    const setup = options.database;
    database = setup.create({
      url: POSTGRES_URL,
      schema: DB_SCHEMA,
      poolMax: setup.poolMax ?? 5,
      ...(setup.settings ? { settings: setup.settings } : {}),
    });
    await setup.migrate(database.db, DB_SCHEMA, setup.migrations);
  }
  const redis = options.createRedis({ url: kit.REDIS_URL, keyPrefix: kit.REDIS_KEY_PREFIX });
  // The conditional type cannot be narrowed by the `database` check above; it holds by construction.
  const deps = { config, logger, redis, ...(database ? { database } : {}) } as ServiceDeps<
    z.infer<Schema>,
    Logger,
    Redis,
    Database
  >;
  return {
    ...deps,
    deps,
    logs,
    keys,
    token: (userId, claims = {}) =>
      signTestAccessToken({ privateKeyPem: keys.privateKeyPem, userId, ...claims }),
    async serve(app, serveOptions = {}) {
      const listening = await listen(app, serveOptions.port);
      return {
        url: listening.url,
        listening,
        async close() {
          await listening.close();
          await serveOptions.close?.();
          await database?.close();
          redis.disconnect();
          await redisPrefix.clear();
          await schema?.drop();
        },
      };
    },
  };
}

/** A queue's job counts, as BullMQ's Queue reports them (structural: this package needs no BullMQ). */
export interface CountingQueue {
  name: string;
  getJobCounts(
    ...types: Array<'waiting' | 'active' | 'delayed' | 'prioritized' | 'waiting-children'>
  ): Promise<Record<string, number>>;
}

/** Resolves once no job of the queue is waiting, delayed, running or waiting for children (bounded). */
export async function waitForQueueIdle(queue: CountingQueue, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const counts = await queue.getJobCounts(
      'waiting',
      'active',
      'delayed',
      'prioritized',
      'waiting-children',
    );
    if (Object.values(counts).every((count) => count === 0)) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`queue ${queue.name}: jobs still pending after ${timeoutMs} ms`);
}

import { authenticate, createTokenVerifier } from '@perplexica/auth-kit';
import { jwtEnv, kitEnv, loadConfig, postgresEnv, redisEnv } from '@perplexica/config';
import { createDatabase, type Kysely, migrateToLatest } from '@perplexica/db';
import { createLogger } from '@perplexica/observability';
import { createRedis, pingRedis } from '@perplexica/redis';
import { z } from 'zod';
import { createServiceApp, runService } from '../../src/index.ts';

// The whole wiring of a kit service: config, Postgres + migrations, Redis, app, auth, one route, run.
export const notesConfig = z.object({
  ...kitEnv(3099),
  ...postgresEnv,
  ...redisEnv,
  ...jwtEnv,
  DB_SCHEMA: z.string().default('notes'),
  REDIS_KEY_PREFIX: z.string().default('perplexica:notes:'),
});
type NotesDb = { notes: { id: number; user_id: string; body: string } };
const migrations = {
  '2026-05-01-notes': {
    up: (db: Kysely<any>) =>
      db.schema
        .createTable('notes')
        .addColumn('id', 'serial', (c) => c.primaryKey())
        .addColumn('user_id', 'text', (c) => c.notNull())
        .addColumn('body', 'text', (c) => c.notNull())
        .execute(),
  },
};

export async function startNotesService(env: Record<string, string | undefined>) {
  const config = loadConfig(notesConfig, env);
  const logger = createLogger({ service: 'notes-svc', level: config.LOG_LEVEL });
  const database = createDatabase<NotesDb>({
    url: config.POSTGRES_URL,
    schema: config.DB_SCHEMA,
    poolMax: config.POSTGRES_POOL_MAX,
  });
  await migrateToLatest(database.db, config.DB_SCHEMA, migrations);
  const redis = createRedis({ url: config.REDIS_URL, keyPrefix: config.REDIS_KEY_PREFIX });
  const app = createServiceApp({
    name: 'notes-svc',
    logger,
    bodyLimitBytes: config.BODY_LIMIT_BYTES,
    readiness: { postgres: () => database.ping(), redis: () => pingRedis(redis) },
  });
  const tokens = createTokenVerifier({
    publicKeyPem: config.JWT_PUBLIC_KEY,
    issuer: config.JWT_ISSUER,
    audience: config.JWT_AUDIENCE,
  });
  app.get('/v1/notes', authenticate({ tokens }), async (c) => {
    const notes = await database.db
      .selectFrom('notes')
      .select(['id', 'body'])
      .where('user_id', '=', c.get('user').id)
      .execute();
    return c.json({ notes });
  });
  return runService({
    name: 'notes-svc',
    app,
    logger,
    port: config.PORT,
    host: config.HOST,
    shutdownTimeoutMs: config.SHUTDOWN_TIMEOUT_MS,
    otlpEndpoint: config.OTEL_EXPORTER_OTLP_ENDPOINT,
    onShutdown: [() => database.close(), () => redis.quit()],
  });
}

import { jwtEnv, kitEnv, positiveInt, postgresEnv, redisEnv, serviceAuthEnv } from '@perplexica/config';
import { z } from 'zod';

/** Every variable library-svc reads, parsed once at boot (see README for each). */
export const libraryConfigSchema = z.object({
  ...kitEnv(3009),
  ...postgresEnv,
  ...redisEnv,
  ...serviceAuthEnv,
  ...jwtEnv,
  // A complete answer (200k characters) with 50 sources fits; the kit's 1 MiB default may not.
  BODY_LIMIT_BYTES: positiveInt(2_097_152),
  DB_SCHEMA: z.string().default('library'),
  REDIS_KEY_PREFIX: z.string().default('perplexica:library:'),
});

export type LibraryConfig = z.infer<typeof libraryConfigSchema>;

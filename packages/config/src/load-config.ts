import type { z } from 'zod';

/** Thrown when the environment does not satisfy a service's schema; lists every problem at once. */
export class ConfigError extends Error {
  readonly problems: string[];
  constructor(problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

type Env = Record<string, string | undefined>;

/**
 * Parses the environment once with a zod object schema. Empty strings count as unset, so
 * `FOO=` in a ConfigMap falls back to the default instead of failing as an invalid value.
 * Never reads process.env itself unless no env is given: tests pass their own.
 */
export function loadConfig<S extends z.ZodObject>(schema: S, env: Env = process.env): z.infer<S> {
  const cleaned: Env = {};
  for (const [key, value] of Object.entries(env)) {
    if (value !== undefined && value !== '') cleaned[key] = value;
  }
  const result = schema.safeParse(cleaned);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const name = issue.path.map(String).join('.') || '(environment)';
    const missing = issue.code === 'invalid_type' && cleaned[name] === undefined;
    return missing ? `${name}: is required but not set` : `${name}: ${issue.message}`;
  });
  throw new ConfigError(problems);
}

/** For `main.ts`: parse, or print every problem and stop the process with exit code 1. */
export function loadConfigOrExit<S extends z.ZodObject>(
  serviceName: string,
  schema: S,
  env: Env = process.env,
): z.infer<S> {
  try {
    return loadConfig(schema, env);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`${serviceName} cannot start. ${error.message}`);
      process.exit(1);
    }
    throw error;
  }
}

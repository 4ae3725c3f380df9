import { loadConfigOrExit } from '@perplexica/config';
import { createLogger } from '@perplexica/observability';
import { createRedis } from '@perplexica/redis';
import { parseWorkerArgs, USAGE, UsageError } from './args.ts';
import { cacheWorkerConfigSchema } from './config.ts';
import { runTasks } from './run-tasks.ts';

// A CronJob's run: warm the caches of the tasks asked, log a summary, exit 0 only if all went well.
let args: ReturnType<typeof parseWorkerArgs>;
try {
  args = parseWorkerArgs(process.argv.slice(2));
} catch (error) {
  if (!(error instanceof UsageError)) throw error;
  console.error(`cache-worker: ${error.message}\n${USAGE}`);
  process.exit(2);
}
const config = loadConfigOrExit('cache-worker', cacheWorkerConfigSchema);
const logger = createLogger({ service: 'cache-worker', level: config.LOG_LEVEL });
const deadlineSeconds = args.deadlineSeconds ?? config.CACHE_WORKER_DEADLINE_SECONDS;
const redis = createRedis({ url: config.REDIS_URL, keyPrefix: config.REDIS_KEY_PREFIX });

const outcomes = await runTasks({
  tasks: args.tasks,
  deadlineAt: Date.now() + deadlineSeconds * 1_000,
  redis,
  serviceUrls: {
    discover: config.DISCOVER_SERVICE_URL,
    finance: config.FINANCE_SERVICE_URL,
    travel: config.TRAVEL_SERVICE_URL,
  },
  serviceToken: config.SERVICE_TOKEN,
  skipIfDoneWithinMs: args.all
    ? {
        discover: config.DISCOVER_REFRESH_EVERY_SECONDS * 1_000,
        finance: config.FINANCE_REFRESH_EVERY_SECONDS * 1_000,
        travel: config.TRAVEL_REFRESH_EVERY_SECONDS * 1_000,
      }
    : undefined,
});
for (const outcome of outcomes) {
  const line = { ...outcome, failed: outcome.failed.length, failures: outcome.failed.slice(0, 10) };
  if (outcome.status === 'failed') logger.error(line, `task ${outcome.task} failed`);
  else if (outcome.status === 'locked') logger.info(line, `task ${outcome.task}: another run holds the lock`);
  else if (outcome.status === 'recent')
    logger.info(line, `task ${outcome.task}: refreshed recently, left alone`);
  else logger.info(line, `task ${outcome.task} done`);
}
redis.disconnect();
process.exitCode = outcomes.some((outcome) => outcome.status === 'failed') ? 1 : 0;

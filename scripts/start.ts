// `pnpm start`: the whole product on this machine (see @perplexica/local-stack). Uses POSTGRES_URL,
// REDIS_URL, MINIO_ENDPOINT, SEARXNG_URL and LLM_PROVIDER when set, local stand-ins otherwise;
// prints one ready line with the URL and what backs each external system, then every service's
// logs under its name; restarts a service that crashes; Ctrl-C stops everything.
import { ConfigError } from '@perplexica/config';
import { type RunningStack, startLocalStack } from '@perplexica/local-stack';

const say = (line: string) => process.stdout.write(`[start] ${line}\n`);
const print = (line: string) => process.stdout.write(`${line}\n`);

let stack: RunningStack | undefined;
let stopping = false;
async function stopAll(exitCode: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  say('stopping');
  await stack?.stop();
  process.exit(exitCode);
}
process.on('SIGINT', () => void stopAll(0));
process.on('SIGTERM', () => void stopAll(0));

try {
  stack = await startLocalStack({ env: process.env, print, report: say });
} catch (error) {
  say(error instanceof ConfigError ? error.message : `could not start: ${(error as Error).message}`);
  process.exit(1);
}
if (stopping) await new Promise(() => {});

const seconds = (ms: number) => `${(ms / 1_000).toFixed(1)} s`;
say(`Perplexica is ready at ${stack.url} (in ${seconds(stack.readyMs)})`);
say(`  postgres      ${stack.backends.postgres}`);
say(`  redis         ${stack.backends.redis}`);
say(`  object store  ${stack.backends.objectStore}`);
say(`  search        ${stack.backends.search}`);
say(`  model         ${stack.backends.model}`);
say(
  `  services      ${stack.services.map((service) => `${service.name} ${new URL(service.url).port} (${seconds(service.readyMs)})`).join(', ')}`,
);
say('Ctrl-C stops everything.');

// `pnpm ingest <folder|file>`: adds .txt, .md, .html and .pdf files to search-svc's local engine
// (the search backend used when no SearXNG is configured). Writes to POSTGRES_URL (and DB_SCHEMA)
// when set, else to the Postgres of the running `pnpm start`. See services/search-svc/README.md.
import { loadConfig } from '@perplexica/config';
import { localStackEnv, readStackState } from '@perplexica/local-stack';
import { runIngestCli } from '../services/search-svc/src/local/ingest-cli.ts';

const { PERPLEXICA_DATA_DIR } = loadConfig(localStackEnv, process.env);
const running = await readStackState(PERPLEXICA_DATA_DIR);
const env = { ...process.env };
if (!env.POSTGRES_URL && running) env.POSTGRES_URL = running.postgresUrl;

process.exitCode = await runIngestCli(process.argv.slice(2), env, (line) =>
  process.stdout.write(`${line}\n`),
);

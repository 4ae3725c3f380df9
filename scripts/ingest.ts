// `pnpm ingest <folder|file>`: adds .txt, .md, .html and .pdf files to search-svc's local engine
// (the search backend used when no SearXNG is configured). Reads POSTGRES_URL and DB_SCHEMA;
// defaults to the Postgres `pnpm start` runs. See services/search-svc/README.md.
import { runIngestCli } from '../services/search-svc/src/local/ingest-cli.ts';

process.exitCode = await runIngestCli(process.argv.slice(2), process.env, (line) =>
  process.stdout.write(`${line}\n`),
);

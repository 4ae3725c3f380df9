// Runs every benchmark in bench/ one after another (never in parallel: they would compete for the
// same cores). `pnpm bench`, or `node bench/run.ts http-auth` for some of them.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const only = process.argv.slice(2);
const benches = readdirSync(here)
  .filter((file) => file.endsWith('.ts') && !file.endsWith('.d.ts') && file !== 'run.ts')
  .filter((file) => only.length === 0 || only.includes(file.replace(/\.ts$/, '')))
  .sort();

let failed = 0;
for (const file of benches) {
  console.log(`\n=== ${file}`);
  // Bounded: each benchmark runs for seconds; ten minutes means it hung.
  const result = spawnSync(process.execPath, [join(here, file)], { stdio: 'inherit', timeout: 600_000 });
  if (result.status !== 0) {
    failed += 1;
    console.error(`${file} failed (${result.error?.message ?? `exit ${result.status ?? result.signal}`})`);
  }
}
console.log(`\n${benches.length - failed} of ${benches.length} benchmarks ran`);
process.exitCode = failed > 0 ? 1 : 0;

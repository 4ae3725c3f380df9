import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { repoRoot } from './config.ts';

export const webDir = join(repoRoot, 'web');
export const webDist = join(webDir, 'dist');

async function newestChange(path: string): Promise<number> {
  if (!existsSync(path)) return 0;
  const info = await stat(path);
  if (!info.isDirectory()) return info.mtimeMs;
  let newest = info.mtimeMs;
  for (const entry of await readdir(path)) newest = Math.max(newest, await newestChange(join(path, entry)));
  return newest;
}

/**
 * Builds the web app (vite build → web/dist) when there is no build or its sources changed since,
 * so `pnpm start` serves what is in the tree. Building is not installing: vite comes with
 * `pnpm install`. Resolves with what it did.
 */
export async function ensureWebAppBuilt(
  report: (line: string) => void,
): Promise<'fresh' | 'built' | 'absent'> {
  if (!existsSync(join(webDir, 'package.json'))) return 'absent';
  const sources = ['src', 'public', 'index.html', 'vite.config.ts', 'package.json'].map((name) =>
    join(webDir, name),
  );
  const newestSource = Math.max(...(await Promise.all(sources.map(newestChange))));
  const built = await newestChange(join(webDist, 'index.html'));
  if (built > newestSource) return 'fresh';
  report('building the web app (vite build)');
  const vite = join(
    dirname(createRequire(join(webDir, 'package.json')).resolve('vite/package.json')),
    'bin',
    'vite.js',
  );
  const started = Date.now();
  const output: string[] = [];
  const code = await new Promise<number | null>((resolve) => {
    const child = spawn(process.execPath, [vite, 'build', '--logLevel', 'warn'], {
      cwd: webDir,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    child.once('exit', resolve);
  });
  if (code !== 0) throw new Error(`the web app did not build (vite exited ${code}):\n${output.join('')}`);
  report(`web app built in ${((Date.now() - started) / 1_000).toFixed(1)} s`);
  return 'built';
}

// `pnpm generate:deploy`: writes k3s/, the optional extras under deploy/ and the Helm chart's
// values from the registry. Files it no longer produces under its own folders are removed.
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { repoRoot } from './cluster.ts';
import { helmFiles } from './helm.ts';
import { k3sFiles } from './manifests.ts';

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  const files = await Promise.all(
    entries.map((entry) =>
      entry.isDirectory() ? listFiles(join(dir, entry.name)) : [join(dir, entry.name)],
    ),
  );
  return files.flat();
}

const files = new Map([...k3sFiles(), ...helmFiles()]);
for (const [path, content] of files) {
  const target = join(repoRoot, path);
  await mkdir(dirname(target), { recursive: true });
  await writeFile(target, content);
}
// k3s/ is generated whole; stale files there would be applied by kustomize globs or confuse readers.
for (const file of await listFiles(join(repoRoot, 'k3s'))) {
  const path = relative(repoRoot, file);
  if (!files.has(path) && !path.endsWith('README.md')) await rm(file);
}
process.stdout.write(`wrote ${files.size} files\n`);

import { rm } from 'node:fs/promises';
import { isBuiltin } from 'node:module';
import { join } from 'node:path';
import { build, type Plugin } from 'esbuild';

/**
 * Imports of third-party packages stay imports, but of the file esbuild resolves them to from
 * where they are imported (an absolute path), so the bundle runs from any folder however pnpm laid
 * out node_modules: a package only one of our packages depends on is found all the same.
 */
const thirdPartyByResolvedPath: Plugin = {
  name: 'third-party-by-resolved-path',
  setup(context) {
    context.onResolve({ filter: /^[^./]/ }, async (args) => {
      if (args.pluginData === 'resolving' || args.path.startsWith('@perplexica/')) return undefined;
      if (args.path.startsWith('node:') || isBuiltin(args.path)) return { path: args.path, external: true };
      const resolved = await context.resolve(args.path, {
        kind: args.kind,
        resolveDir: args.resolveDir,
        importer: args.importer,
        pluginData: 'resolving',
      });
      if (resolved.errors.length > 0) return { errors: resolved.errors };
      return { path: resolved.path, external: true };
    });
  },
};

/**
 * A service (or the gateway) as one JavaScript file for the local stack, next to where the
 * container's dist/main.js goes (so paths relative to the module are the same): our own packages
 * bundled in, every other package imported by its resolved path. Node then runs plain JavaScript,
 * without loading its TypeScript type stripper (~17 MB of every process's memory).
 */
export async function bundleForStack(packageDir: string): Promise<string> {
  const outdir = join(packageDir, '.stack');
  await rm(outdir, { recursive: true, force: true });
  await build({
    entryPoints: { main: join(packageDir, 'src', 'main.ts') },
    outdir,
    // A module imported with import() (chat-svc's research agent and its agent framework) stays
    // a chunk loaded when first needed, as it is when the sources run.
    splitting: true,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node22.13',
    logLevel: 'silent',
    plugins: [thirdPartyByResolvedPath],
  });
  return join(outdir, 'main.js');
}

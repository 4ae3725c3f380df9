// `pnpm --filter <service> build` (turbo: `pnpm build`): one JavaScript file per service for its
// container, dist/main.js. Our workspace packages are bundled in (they are TypeScript sources,
// and Node does not strip types under node_modules); every other package stays an import,
// installed next to it by `pnpm deploy --prod`. Running JavaScript also spares each process the
// type stripper's memory. Usage: node scripts/build-service.ts [entry] (default src/main.ts),
// from the package's directory.
import { rm } from 'node:fs/promises';
import { build } from 'esbuild';

const entry = process.argv[2] ?? 'src/main.ts';
await rm('dist', { recursive: true, force: true });
const result = await build({
  entryPoints: { main: entry },
  outdir: 'dist',
  // A module loaded with import() (chat-svc's research agent and its agent framework) stays a
  // chunk of its own, loaded when first needed rather than at start.
  splitting: true,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node22.13',
  sourcemap: true,
  logLevel: 'warning',
  metafile: true,
  plugins: [
    {
      name: 'third-party-stays-external',
      setup(context) {
        // Bare imports (packages and node: built-ins) are left to Node, except our own packages.
        context.onResolve({ filter: /^[^./]/ }, (args) =>
          args.path.startsWith('@perplexica/') ? undefined : { path: args.path, external: true },
        );
      },
    },
  ],
});
const bytes = Object.values(result.metafile.outputs).reduce((sum, output) => sum + output.bytes, 0);
console.log(`built dist/main.js and its chunks (${Math.round(bytes / 1024)} KB with source maps)`);

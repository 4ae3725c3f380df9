import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// `pnpm --filter @perplexica/web dev` serves the app with hot reload and sends the API to the
// gateway of a running `pnpm start`; `build` writes web/dist, which the gateway serves.
export default defineConfig({
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: true, target: 'es2022' },
  server: {
    proxy: {
      '/api': { target: 'http://127.0.0.1:8080', changeOrigin: false },
      '/.well-known': { target: 'http://127.0.0.1:8080' },
    },
  },
});

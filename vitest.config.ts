import { defineConfig } from 'vitest/config';

// One run covers every package and service; each test file gets its own schema and Redis prefix,
// so files run in parallel against the same Postgres and Redis.
export default defineConfig({
  test: {
    include: ['packages/*/test/**/*.test.ts', 'services/*/test/**/*.test.ts', 'web/test/**/*.test.ts'],
    exclude: ['**/node_modules/**'],
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 120_000,
    env: { NODE_ENV: 'test' },
    // expect.poll waits for something a page or a service does on its own time (a page that
    // polls every few seconds, a queue worker): 1 s, vitest's default, is too short on a shared
    // 2-core CI machine. A poll that is never satisfied still fails, only later.
    expect: { poll: { timeout: 10_000 } },
  },
});

import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'controller/**/*.test.ts'],
    exclude: ['test/bench/**', 'node_modules/**'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    // One PostgreSQL server for the run, started in the background; see test/state/postgres-global-setup.ts.
    globalSetup: ['test/state/postgres-global-setup.ts'],
  },
});

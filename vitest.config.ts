import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'controller/**/*.test.ts'],
    // test/real/: the lane against running panels, only through `npm run test:real` (vitest.real.config.ts).
    exclude: ['test/bench/**', 'test/real/**', 'node_modules/**'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    // One PostgreSQL server for the run, started in the background; see test/state/postgres-global-setup.ts.
    globalSetup: ['test/state/postgres-global-setup.ts'],
  },
});

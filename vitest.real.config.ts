import { defineConfig } from 'vitest/config';

// `npm run test:real`: the lane cases against running panels named by PANELOPS_REAL_PANELS
// (test/real/README.md). Real panels answer in seconds, not milliseconds: longer timeouts, one file at a time.
export default defineConfig({
  test: {
    include: ['test/real/**/*.real.test.ts'],
    testTimeout: 300_000,
    hookTimeout: 300_000,
    pool: 'forks',
    fileParallelism: false,
  },
});

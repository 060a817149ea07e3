import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 20_000,
    hookTimeout: 30_000,
    // Each test file gets its own SQLite file and server ports, so files can run in parallel.
    pool: 'forks',
  },
});

import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The reliability suite (crash, platform faults, fuzzing, security regressions) runs on its own:
    // `npm run test:reliability`, with its own time bounds (vitest.reliability.config.ts).
    exclude: ['test/reliability/**', '**/node_modules/**'],
    testTimeout: 20_000,
    hookTimeout: 30_000,
    // Each test file gets its own SQLite file and server ports, so files can run in parallel.
    pool: 'forks',
  },
});

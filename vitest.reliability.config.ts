import { defineConfig } from 'vitest/config';

// `npm run test:reliability`: crash and restart, platform faults, property-based fuzzing of every input boundary and
// security regressions. Slower than the unit suite (real processes, thousands of generated inputs), so bounded here:
// each test has a deadline, and fast-check runs a fixed number of cases (seeded from FC_SEED when given).
export default defineConfig({
  test: {
    include: ['test/reliability/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});

import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/setup/global-postgres.ts'],
    testTimeout: 60_000,
    hookTimeout: 300_000,
    pool: 'forks',
    // One file at a time: servers of different files sharing the sample database would claim each other's jobs
    // (portal.zadania), so files are not run side by side (tried: release tests failed so).
    maxWorkers: 1,
    reporters: ['default'],
  },
});

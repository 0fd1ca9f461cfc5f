import { defineConfig } from 'vitest/config';
import { TEST_WORKERS } from './test/setup/workers.ts';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/setup/global-postgres.ts'],
    testTimeout: 60_000,
    hookTimeout: 300_000,
    pool: 'forks',
    // Two files at a time, each worker on its own copy of the sample database (test/setup/global-postgres.ts): servers
    // of two files sharing one database would claim each other's download jobs (portal.zadania).
    maxWorkers: TEST_WORKERS,
    reporters: ['default'],
  },
});

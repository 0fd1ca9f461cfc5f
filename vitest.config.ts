import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/setup/global-postgres.ts'],
    testTimeout: 60_000,
    hookTimeout: 300_000,
    pool: 'forks',
    // Two files at a time even on 2 cores: most of a file's time is spent waiting on PostgreSQL, Chromium, GDAL or
    // QGIS in other processes, and each file that writes has its own database or cluster (test/support/db.ts).
    maxWorkers: 2,
    reporters: ['default'],
  },
});

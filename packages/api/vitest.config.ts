import { defineConfig } from 'vitest/config';

// Every file on SQLite; the files of the areas ported to PostgreSQL once more on a throwaway cluster (the harness opens
// a database of its own there: CLAIMLINE_TEST_ENGINE). The whole suite on both engines would double CI's time.
// timeline.test.ts joins them once links (dispute detection, queries/writes.ts) run on PostgreSQL.
const ON_POSTGRES = ['src/search.test.ts'];

export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 120_000,
    projects: [
      { extends: true, test: { name: 'sqlite', include: ['src/**/*.test.ts'] } },
      {
        extends: true,
        test: {
          name: 'postgresql',
          include: ON_POSTGRES,
          env: { CLAIMLINE_TEST_ENGINE: 'postgresql' },
          globalSetup: ['../db/src/test/postgres-setup.ts'],
        },
      },
    ],
  },
});

import { defineConfig } from 'vitest/config';

/** The test files of the areas ported to PostgreSQL, run a second time there (the whole suite twice would be too slow for CI). */
const onPostgres = ['sign-in', 'reads', 'merge', 'disputes', 'detection-lock', 'routers', 'search', 'timeline', 'export'].map((name) => `src/${name}.test.ts`);
/** Test files that need both engines at once (a PostgreSQL cluster beside SQLite files): the postgresql project only. */
const bothEngines = ['move-house', 'doctor-postgres'].map((name) => `src/${name}.test.ts`);

const timeouts = { testTimeout: 60_000, hookTimeout: 120_000 };

export default defineConfig({
  test: {
    projects: [
      { extends: true, test: { name: 'sqlite', include: ['src/**/*.test.ts'], exclude: bothEngines, ...timeouts } },
      {
        extends: true,
        test: {
          name: 'postgresql',
          include: [...onPostgres, ...bothEngines],
          env: { CLAIMLINE_TEST_ENGINE: 'postgresql' },
          globalSetup: ['../db/src/test/postgres-setup.ts'],
          ...timeouts,
        },
      },
    ],
  },
});

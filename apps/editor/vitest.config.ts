// Unit tests beside the code (src/**) and browser tests (e2e/**): each e2e file starts its own
// `next start` on a fresh database, so files run one after another.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { alias: { '~': fileURLToPath(new URL('./src', import.meta.url)) } },
  test: {
    include: ['src/**/*.test.ts', 'e2e/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 180_000,
    fileParallelism: false,
    // The throwaway PostgreSQL cluster of the two-server test (skipped, with a warning, where no server is installed).
    globalSetup: ['../../packages/db/src/test/postgres-setup.ts'],
  },
});

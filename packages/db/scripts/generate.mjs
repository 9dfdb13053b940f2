// Generates both Prisma clients (SQLite from prisma/schema.prisma, PostgreSQL from prisma/postgresql/schema.prisma,
// which is derived from it first) without downloading anything.
// `prisma generate` does not run the native schema engine, but the CLI insists that one exists:
// pointing PRISMA_SCHEMA_ENGINE_BINARY at any executable (node itself) stops it from fetching one.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../../..');
const require = createRequire(import.meta.url);
const prismaBin = path.join(path.dirname(require.resolve('prisma/package.json')), 'build/index.js');

const derive = spawnSync(process.execPath, [path.join(here, 'postgres-schema.mjs')], { stdio: 'inherit' });
if (derive.status !== 0) process.exit(derive.status ?? 1);

for (const schema of ['prisma/schema.prisma', 'prisma/postgresql/schema.prisma']) {
  const result = spawnSync(process.execPath, [prismaBin, 'generate', '--no-hints', '--schema', schema], {
    cwd: root,
    stdio: 'inherit',
    env: {
      ...process.env,
      PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? process.execPath,
      PRISMA_HIDE_UPDATE_MESSAGE: '1',
      CHECKPOINT_DISABLE: '1',
    },
  });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

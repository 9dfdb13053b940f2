// Writes a migration for both engines from the difference between each committed history and schema.prisma, using
// the WebAssembly schema engine (no download): prisma/migrations/<stamp>_<name>/migration.sql for SQLite and
// prisma/postgresql/migrations/<stamp>_<name>/migration.sql for PostgreSQL (diffed on a throwaway cluster started
// from the PostgreSQL server installed on this machine: every schema change needs both).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pendingPostgresSchemaChange, pendingSchemaChange, postgresMigrationsDir, prismaDir } from '../src/index.ts';
import { startCluster } from '../src/test/postgres.ts';

const name = (process.argv[2] ?? '').replace(/[^a-z0-9_]+/gi, '_').toLowerCase();
if (!name) {
  console.error('usage: npm run db:migration -w @claimline/db -- <name>');
  process.exit(2);
}
const derive = spawnSync(process.execPath, [path.join(import.meta.dirname, 'postgres-schema.mjs')], { stdio: 'inherit' });
if (derive.status !== 0) process.exit(derive.status ?? 1);

const sqlite = await pendingSchemaChange();
const cluster = await startCluster();
let postgres: string;
try {
  postgres = await pendingPostgresSchemaChange(cluster.url('postgres'));
} finally {
  cluster.stop();
}

const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14);
const targets = [
  { sql: sqlite, dir: path.join(prismaDir(), 'migrations'), provider: 'sqlite' },
  { sql: postgres, dir: postgresMigrationsDir(prismaDir()), provider: 'postgresql' },
];
for (const { sql, dir, provider } of targets) {
  if (!sql) {
    console.log(`${provider}: the migrations agree with the schema: nothing to write`);
    continue;
  }
  const out = path.join(dir, `${stamp}_${name}`);
  mkdirSync(out, { recursive: true });
  writeFileSync(path.join(out, 'migration.sql'), sql);
  const lock = path.join(dir, 'migration_lock.toml');
  if (!existsSync(lock)) writeFileSync(lock, `# Written by Prisma Migrate; do not edit by hand.\nprovider = "${provider}"\n`);
  console.log(`${provider}: wrote ${path.relative(process.cwd(), out)}/migration.sql`);
}

// Writes prisma/migrations/<timestamp>_<name>/migration.sql from the difference between the committed
// migrations and schema.prisma, using the WebAssembly schema engine (no download).
import { mkdirSync, writeFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { pendingSchemaChange, prismaDir } from '../src/index.ts';

const name = (process.argv[2] ?? '').replace(/[^a-z0-9_]+/gi, '_').toLowerCase();
if (!name) {
  console.error('usage: npm run db:migration -w @claimline/db -- <name>');
  process.exit(2);
}
const sql = await pendingSchemaChange();
if (!sql) {
  console.log('schema.prisma and the migrations agree: nothing to write');
  process.exit(0);
}
const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14);
const dir = path.join(prismaDir(), 'migrations', `${stamp}_${name}`);
mkdirSync(dir, { recursive: true });
writeFileSync(path.join(dir, 'migration.sql'), sql);
const lock = path.join(prismaDir(), 'migrations', 'migration_lock.toml');
if (!existsSync(lock)) writeFileSync(lock, '# Written by Prisma Migrate; do not edit by hand.\nprovider = "sqlite"\n');
console.log(`wrote ${path.relative(process.cwd(), dir)}/migration.sql`);

// Applies the committed migrations (prisma/migrations) and the SQLite full-text index, offline.
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { createSchemaEngine, readMigrations } from './schema-engine.ts';
import { findRepoRoot } from './config.ts';
import { resolveDatabasePath } from './client.ts';
import { ensureSearchIndex } from './search-index.ts';

export function prismaDir(): string {
  return path.join(findRepoRoot(), 'prisma');
}

const noFilters = { externalTables: [], externalEnums: [] };

export interface MigrateResult {
  applied: string[];
  databasePath: string;
}

/** Brings the database at `url` (default: the configured one) up to the committed migrations. Idempotent. */
export async function migrate(url?: string): Promise<MigrateResult> {
  const file = resolveDatabasePath(url);
  if (file !== ':memory:') mkdirSync(path.dirname(file), { recursive: true });
  const { engine, close } = await createSchemaEngine(file);
  let applied: string[];
  try {
    const out = await engine.applyMigrations({
      migrationsList: readMigrations(path.join(prismaDir(), 'migrations')),
      filters: noFilters,
    });
    applied = out.appliedMigrationNames;
  } finally {
    await close();
  }
  ensureSearchIndex(file);
  return { applied, databasePath: file };
}

function schemaFile() {
  const p = path.join(prismaDir(), 'schema.prisma');
  return { path: p, content: readFileSync(p, 'utf8') };
}

/**
 * The SQL that would bring the committed migrations to the current schema.prisma; empty when they agree.
 * Used by the drift test and by `npm run db:migration -w @claimline/db -- <name>` to write a new migration.
 */
export async function pendingSchemaChange(schemaContent?: string): Promise<string> {
  const schema = schemaFile();
  if (schemaContent !== undefined) schema.content = schemaContent;
  const { engine, close } = await createSchemaEngine(':memory:', schema);
  try {
    const result = await engine.diff({
      from: { tag: 'migrations', ...readMigrations(path.join(prismaDir(), 'migrations')) },
      to: { tag: 'schemaDatamodel', files: [schema] },
      script: true,
      exitCode: null,
      filters: noFilters,
    });
    const sql = result.stdout ?? '';
    return /^\s*(-- This is an empty migration\.)?\s*$/.test(sql) ? '' : sql;
  } finally {
    await close();
  }
}

// Applies the committed migrations, offline: on SQLite prisma/migrations and the full-text index; on PostgreSQL
// prisma/postgresql/migrations (migrate-postgres.ts).
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { AppError } from '@claimline/core';
import { createPostgresSchemaEngine, createSchemaEngine, readMigrations, type SchemaEngineHandle } from './schema-engine.ts';
import { engineOfUrl, findRepoRoot, redactUrl } from './config.ts';
import { BUSY_TIMEOUT_MS, databaseUrl, resolveDatabasePath } from './client.ts';
import { ensureSearchIndex } from './search-index.ts';
import { migratePostgres, postgresMigrationsDir } from './migrate-postgres.ts';
import { ensureTimelineCounts } from './timeline-counts.ts';

export function prismaDir(): string {
  return path.join(findRepoRoot(), 'prisma');
}

const noFilters = { externalTables: [], externalEnums: [] };

export interface MigrateResult {
  applied: string[];
  /** The SQLite file, or the PostgreSQL URL without its password. */
  database: string;
  /** Search index and timeline count problems found and repaired (see ensureSearchIndex, ensureTimelineCounts). */
  repaired: string[];
}

/**
 * The committed migrations not yet applied to `file`, read from Prisma's `_prisma_migrations` table with a
 * plain read (the schema engine is not started: it takes an exclusive lock on the database). A migration
 * recorded as failed counts as pending, so the engine runs and reports it.
 */
export function pendingMigrations(file: string): string[] {
  const committed = readMigrations(path.join(prismaDir(), 'migrations')).migrationDirectories.map((d) => d.path);
  if (file === ':memory:' || !existsSync(file)) return committed;
  const db = new Database(file, { fileMustExist: true, timeout: BUSY_TIMEOUT_MS });
  try {
    const table = db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '_prisma_migrations'`).get();
    if (!table) return committed;
    const applied = new Set(
      db.prepare(`SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`).pluck().all() as string[],
    );
    return committed.filter((name) => !applied.has(name));
  } finally {
    db.close();
  }
}

/**
 * Whether another connection (the editor, another command) has `file` open. In WAL mode every open
 * connection keeps a shared lock on the file, so an exclusive lock, asked for without waiting, is refused
 * exactly when someone else is there.
 */
export function databaseInUse(file: string): boolean {
  if (file === ':memory:' || !existsSync(file)) return false;
  const db = new Database(file, { fileMustExist: true, timeout: 0 });
  try {
    db.pragma('locking_mode = EXCLUSIVE');
    db.exec('BEGIN EXCLUSIVE');
    db.exec('COMMIT');
    return false;
  } catch (e) {
    if ((e as { code?: string }).code === 'SQLITE_BUSY') return true;
    throw e;
  } finally {
    db.close();
  }
}

const stopFirst = (file: string) => `stop the editor (and any other claimline command using ${file}), then run \`claimline migrate\` (\`npm start\` does it)`;

/**
 * Brings the database at `url` (default: the configured one) up to the committed migrations. Idempotent.
 * When nothing is pending (the usual case) the schema engine is not started, so this works beside a running
 * editor. Pending migrations need the engine, which locks the whole file for itself: when another process has
 * the database open they are refused with a one-line reason instead of waiting for a lock that never comes.
 */
export async function migrate(url?: string): Promise<MigrateResult> {
  const u = databaseUrl(url);
  if (engineOfUrl(u) === 'postgresql') {
    // Search on PostgreSQL (tsvector columns) is not built yet: there is no index to check or repair.
    return { applied: await migratePostgres(u, postgresMigrationsDir(prismaDir())), database: redactUrl(u), repaired: [] };
  }
  const file = resolveDatabasePath(url);
  if (file !== ':memory:') mkdirSync(path.dirname(file), { recursive: true });
  const pending = pendingMigrations(file);
  let applied: string[] = [];
  if (pending.length) {
    if (databaseInUse(file)) {
      throw new AppError(
        'CONFLICT',
        `${pending.length} migration(s) pending (${pending.join(', ')}) but the database is open in another process: ${stopFirst(file)}`,
      );
    }
    applied = await applyMigrations(file);
  }
  const repaired = [...ensureSearchIndex(file), ...ensureTimelineCounts(file)];
  return { applied, database: file, repaired };
}

async function applyMigrations(file: string): Promise<string[]> {
  const { engine, close } = await createSchemaEngine(file);
  try {
    const out = await engine.applyMigrations({
      migrationsList: readMigrations(path.join(prismaDir(), 'migrations')),
      filters: noFilters,
    });
    return out.appliedMigrationNames;
  } catch (e) {
    // Another process opened the database between the check and the engine's lock (the engine reports the
    // busy timeout as an unknown `SocketTimeout` variant).
    if (/SocketTimeout|database is locked|SQLITE_BUSY/i.test(String((e as Error)?.message ?? e))) {
      throw new AppError('CONFLICT', `the database was opened by another process while migrations were being applied: ${stopFirst(file)}`);
    }
    throw e;
  } finally {
    await close();
  }
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
  return diffMigrationsTo(await createSchemaEngine(':memory:', schema), path.join(prismaDir(), 'migrations'), schema);
}

/**
 * The same for PostgreSQL: the SQL that would bring prisma/postgresql/migrations to prisma/postgresql/schema.prisma
 * (or `schemaContent`). The engine replays the history on a temporary database of the server at `url` (which needs
 * CREATEDB; nothing is written to `url`'s own database).
 */
export async function pendingPostgresSchemaChange(url: string, schemaContent?: string): Promise<string> {
  const p = path.join(prismaDir(), 'postgresql', 'schema.prisma');
  const schema = { path: p, content: schemaContent ?? readFileSync(p, 'utf8') };
  return diffMigrationsTo(await createPostgresSchemaEngine(url, schema), postgresMigrationsDir(prismaDir()), schema);
}

async function diffMigrationsTo({ engine, close }: SchemaEngineHandle, migrationsDir: string, schema: { path: string; content: string }): Promise<string> {
  try {
    const result = await engine.diff({
      from: { tag: 'migrations', ...readMigrations(migrationsDir) },
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

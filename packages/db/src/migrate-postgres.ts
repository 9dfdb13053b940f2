// Applies the committed PostgreSQL migrations (prisma/postgresql/migrations) over one connection of its own:
// under an advisory lock (several servers may start at once), each migration in its own transaction (PostgreSQL's
// DDL is transactional: a failed migration leaves nothing behind), recorded in Prisma's `_prisma_migrations` table
// with its SHA-256 checksum, as Prisma Migrate records it. A database that is ahead of the committed history, or
// whose applied migrations were edited since, is refused before anything is written.
import { createHash, randomUUID } from 'node:crypto';
import path from 'node:path';
import type pg from 'pg';
import { AppError } from '@claimline/core';
import { redactUrl } from './config.ts';
import { ensurePostgresTriggers } from './postgres-triggers.ts';
import { readMigrations } from './schema-engine.ts';

/** The advisory lock key Prisma's own migrate takes on PostgreSQL: `prisma migrate deploy` and we exclude each other. */
export const MIGRATION_LOCK_KEY = 72707369;

export function postgresMigrationsDir(prismaDir: string): string {
  return path.join(prismaDir, 'postgresql', 'migrations');
}

interface Committed {
  name: string;
  sql: string;
  checksum: string;
}

function committedMigrations(dir: string): Committed[] {
  return readMigrations(dir).migrationDirectories.map((d) => {
    const file = d.migrationFile.content;
    if (file.tag === 'error') throw new Error(`prisma/postgresql/migrations/${d.path}: ${file.value}`);
    return { name: d.path, sql: file.value, checksum: createHash('sha256').update(file.value).digest('hex') };
  });
}

interface AppliedRow {
  migration_name: string;
  checksum: string;
  finished_at: Date | null;
  rolled_back_at: Date | null;
}

const HISTORY_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
  "id" VARCHAR(36) PRIMARY KEY NOT NULL,
  "checksum" VARCHAR(64) NOT NULL,
  "finished_at" TIMESTAMPTZ,
  "migration_name" VARCHAR(255) NOT NULL,
  "logs" TEXT,
  "rolled_back_at" TIMESTAMPTZ,
  "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
  "applied_steps_count" INTEGER NOT NULL DEFAULT 0
)`;

/**
 * What is pending, or why the database cannot be migrated: a migration recorded as unfinished (another tool's
 * failed run), one applied there but not committed here (a newer build migrated it), or one whose committed text
 * changed after it was applied (the histories have drifted apart).
 */
export function pendingAgainst(committed: Committed[], rows: AppliedRow[]): Committed[] {
  const applied = rows.filter((r) => r.rolled_back_at === null);
  const unfinished = applied.filter((r) => r.finished_at === null).map((r) => r.migration_name);
  if (unfinished.length) {
    throw new AppError('CONFLICT', `migration(s) ${unfinished.join(', ')} started on this database but never finished: resolve them by hand first`);
  }
  const byName = new Map(committed.map((c) => [c.name, c]));
  const ahead = applied.filter((r) => !byName.has(r.migration_name)).map((r) => r.migration_name);
  if (ahead.length) {
    throw new AppError(
      'CONFLICT',
      `the database is ahead of this build: migration(s) ${ahead.join(', ')} were applied to it but are not in prisma/postgresql/migrations (run the build that applied them)`,
    );
  }
  const edited = applied.filter((r) => byName.get(r.migration_name)!.checksum !== r.checksum).map((r) => r.migration_name);
  if (edited.length) {
    throw new AppError(
      'CONFLICT',
      `migration(s) ${edited.join(', ')} changed after they were applied to this database (checksum differs): the committed history has drifted from the database's`,
    );
  }
  const done = new Set(applied.map((r) => r.migration_name));
  return committed.filter((c) => !done.has(c.name));
}

/** One connection of its own to the database at `url` (migrator, doctor, the staged copies), failing in one line. */
export async function connectPostgres(url: string): Promise<pg.Client> {
  const { default: pgModule } = await import('pg'); // loaded on first use, as in client.ts
  const client = new pgModule.Client({ connectionString: url });
  // A connection the server ends (a restart, a dropped database) must not take the process down: the next query fails instead.
  client.on('error', () => {});
  try {
    await client.connect();
  } catch (e) {
    throw new Error(`cannot connect to PostgreSQL at ${redactUrl(url)}: ${(e as Error).message}`, { cause: e });
  }
  return client;
}

async function appliedRows(client: pg.Client): Promise<AppliedRow[]> {
  const exists = await client.query(`SELECT to_regclass('"_prisma_migrations"') IS NOT NULL AS present`);
  if (!(exists.rows[0] as { present: boolean }).present) return [];
  const r = await client.query<AppliedRow>(`SELECT migration_name, checksum, finished_at, rolled_back_at FROM "_prisma_migrations" ORDER BY started_at`);
  return r.rows;
}

/** The committed migrations not yet applied to the database at `url` (a plain read: no lock, nothing written). */
export async function pendingPostgresMigrations(url: string, migrationsDir: string): Promise<string[]> {
  const client = await connectPostgres(url);
  try {
    return pendingAgainst(committedMigrations(migrationsDir), await appliedRows(client)).map((c) => c.name);
  } finally {
    await client.end();
  }
}

/** Brings the database at `url` up to the committed PostgreSQL history; returns the names it applied. Idempotent. */
export async function migratePostgres(url: string, migrationsDir: string): Promise<string[]> {
  const committed = committedMigrations(migrationsDir);
  const client = await connectPostgres(url);
  try {
    // Session-level: held across the per-migration transactions; another migrator waits here, then finds
    // nothing left to do.
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    try {
      await client.query(HISTORY_TABLE);
      const pending = pendingAgainst(committed, await appliedRows(client));
      const applied: string[] = [];
      for (const m of pending) {
        await client.query('BEGIN');
        try {
          // No parameters: the simple query protocol, which runs a script of many statements.
          await client.query(m.sql);
          await client.query(
            `INSERT INTO "_prisma_migrations" ("id", "checksum", "finished_at", "migration_name", "started_at", "applied_steps_count")
             VALUES ($1, $2, now(), $3, now(), 1)`,
            [randomUUID(), m.checksum, m.name],
          );
          await client.query('COMMIT');
        } catch (e) {
          await client.query('ROLLBACK');
          throw new Error(`migration ${m.name} failed and was rolled back (nothing of it applied): ${(e as Error).message}`, { cause: e });
        }
        applied.push(m.name);
      }
      // The triggers a migration file cannot hold (postgres-triggers.ts): installed or repaired under the same lock.
      await ensurePostgresTriggers(client);
      return applied;
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
    }
  } finally {
    await client.end();
  }
}

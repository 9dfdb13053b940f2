// The CLI's one handle on the database: commands open, migrate and locate it through here (everything else
// goes through @claimline/api's services). Whoever runs the CLI can read the database file: CLI access is an
// admin's (README, Roles).
import { existsSync } from 'node:fs';
import { AppError } from '@claimline/core';
import { databaseEngine, databaseUrl, migrate, openDb, resolveDatabasePath, type Db, type MigrateResult } from '@claimline/db';

export { databaseEngine, loadConfig, redactUrl, resolveDatabasePath, synthesizeInto, writeTx } from '@claimline/db';

/**
 * The configured database for the commands that open their own connection to it (export, backup, restore, synth):
 * the SQLite file (which must exist when `mustExist`), or the PostgreSQL URL.
 */
export function databaseLocation(mustExist = false): string {
  if (databaseEngine() === 'postgresql') return databaseUrl();
  const file = resolveDatabasePath();
  if (mustExist && !existsSync(file)) throw new AppError('NOT_FOUND', `no database at ${file} (run "claimline migrate" or set DATABASE_URL)`);
  return file;
}

/**
 * Brings the configured database up to date before a command uses it: pending migrations (refused with a
 * one-line reason while another process has the database open) and the search index's cheap check. Repairs
 * are reported on stderr.
 */
export async function prepareDatabase(): Promise<MigrateResult> {
  const result = await migrate();
  for (const problem of result.repaired) process.stderr.write(`claimline: repaired ${problem}\n`);
  return result;
}

/** Opens the configured database for one command and closes it afterwards. */
export async function withDb<T>(fn: (db: Db) => Promise<T>): Promise<T> {
  const db = await openDb({ onRepair: (problem) => process.stderr.write(`claimline: repaired ${problem}\n`) });
  try {
    return await fn(db);
  } finally {
    await db.$disconnect();
  }
}

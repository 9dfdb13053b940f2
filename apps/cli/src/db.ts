import { migrate, openDb, type Db, type MigrateResult } from '@claimline/db';

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

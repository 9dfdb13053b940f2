import { openDb, type Db } from '@claimline/db';

/** Opens the configured database for one command and closes it afterwards. */
export async function withDb<T>(fn: (db: Db) => Promise<T>): Promise<T> {
  const db = await openDb();
  try {
    return await fn(db);
  } finally {
    await db.$disconnect();
  }
}

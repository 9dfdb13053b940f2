// One database client per server process (kept across hot reloads in development).
import 'server-only';
import { openDb, type Db } from '@claimline/db';

const g = globalThis as unknown as { claimlineDb?: Promise<Db> };

export function getDb(): Promise<Db> {
  g.claimlineDb ??= openDb();
  return g.claimlineDb;
}

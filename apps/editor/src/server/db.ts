// The editor's one handle on the database: one client per server process (kept across hot reloads in
// development), and where the database file is. Pages and routes reach records through @claimline/api.
// Shared on globalThis with server.mjs's tRPC endpoint (src/server/trpc-endpoint.ts), which loads this
// file outside Next's bundle: so no `server-only` here (it would refuse that import).
import { openDb, type Db } from '@claimline/db';

export { loadConfig, resolveDatabasePath, type ExportSlice } from '@claimline/db';

const g = globalThis as unknown as { claimlineDb?: Promise<Db> };

export function getDb(): Promise<Db> {
  g.claimlineDb ??= openDb();
  return g.claimlineDb;
}

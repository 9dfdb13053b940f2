export { loadConfig, findRepoRoot, type Config } from './config.ts';
export { openDb, writeTx, resolveDatabasePath, BUSY_TIMEOUT_MS, type Db, type Tx } from './client.ts';
export { migrate, pendingSchemaChange, prismaDir, type MigrateResult } from './migrate.ts';
export { ensureSearchIndex } from './search-index.ts';
export { Prisma } from './generated/prisma/client.ts';

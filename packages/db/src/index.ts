export { loadConfig, findRepoRoot, type Config } from './config.ts';
export { openDb, writeTx, resolveDatabasePath, databaseFile, BUSY_TIMEOUT_MS, type Db, type Tx } from './client.ts';
export { migrate, pendingMigrations, databaseInUse, pendingSchemaChange, prismaDir, type MigrateResult } from './migrate.ts';
export { ensureSearchIndex, searchIndexProblems } from './search-index.ts';
export { checkDatabaseFile, type Finding, type HealthCheck } from './health.ts';
export { Prisma } from './generated/prisma/client.ts';
export {
  openExportReader,
  buildSliceTables,
  isoInstant,
  storedInstant,
  type ExportReader,
  type ExportSlice,
  type ReaderOptions,
  type ClaimWithLinks,
} from './export-reader.ts';
export { snapshotDatabase, NO_PASSWORD } from './snapshot.ts';
export { openBulkWriter, BULK_TABLES, type BulkWriter, type BulkTable } from './bulk-writer.ts';
export { synthesize, type SynthOptions, type SynthResult } from './synth.ts';
export * from './queries/writes.ts';

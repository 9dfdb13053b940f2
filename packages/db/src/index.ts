export { loadConfig, findRepoRoot, redactUrl, type Config } from './config.ts';
export {
  openDb,
  writeTx,
  resolveDatabasePath,
  databaseFile,
  databaseTarget,
  type DatabaseTarget,
  databaseUrl,
  databaseEngine,
  engineOf,
  rawSql,
  type RawSql,
  NotYetOnPostgres,
  BUSY_TIMEOUT_MS,
  type Db,
  type Tx,
} from './client.ts';
export { type Engine } from './config.ts';
export { migrate, pendingMigrations, databaseInUse, pendingSchemaChange, pendingPostgresSchemaChange, prismaDir, type MigrateResult } from './migrate.ts';
export { pendingPostgresMigrations, postgresMigrationsDir } from './migrate-postgres.ts';
export { ensureSearchIndex, searchIndexProblems } from './search-index.ts';
export { ensureTimelineCounts, timelineCountProblems } from './timeline-counts.ts';
export { checkDatabaseFile, checkPostgresDatabase, repairPostgresTriggers, type Finding, type HealthCheck } from './health.ts';
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
export { withSqliteStage, STAGED_TABLES, type StagedTable, type StageOptions } from './postgres-stage.ts';
export { openBulkWriter, BULK_TABLES, type BulkWriter, type BulkTable, type BulkValue } from './bulk-writer.ts';
export { synthesize, synthesizeInto, type SynthOptions, type SynthResult } from './synth.ts';
export {
  eventPageIds,
  eventListRows,
  eventStartRange,
  eventBucketCounts,
  eventUndatedCount,
  timelineRows,
  eventClaimRows,
  type EventFilter,
  type EventPageOptions,
  type EventListRow,
  type BucketCount,
  type TimelineRow,
  type EventClaimRow,
} from './queries/events.ts';
export { openDatabaseLedger, type DatabaseLedger } from './queries/bulk.ts';
export { recordRows, rowRefs, rowObject, ROW_TABLES, ROW_COLUMNS, ROW_ELEMENT, KEYS_CHECK_REFERENCES_FROM, type Rows, type RowTable } from './restore-rows.ts';
export { lockSignInBuckets, sessionById, type SessionRow } from './queries/session.ts';
export {
  countDisputes,
  disputeById,
  disputeExists,
  disputeMembers,
  disputePage,
  disputeSummaryPage,
  openDisputesOfClaim,
  type DisputeOrder,
  type DisputeRow,
  type DisputeStatus,
  type DisputeSummaryRow,
  type MemberRow,
} from './queries/review.ts';
export { auditEntries, type AuditEntryRow, type AuditUser } from './queries/audit.ts';
export * from './queries/search.ts';
export * from './queries/records.ts';
export * from './queries/writes.ts';
export { readRows, sqlReader } from './queries/read.ts';

// Export and restore formats: pure mappings of the JSON export's records (no I/O).
// DISPUTE_KINDS lives in records.ts but is exported by disputes.ts, with the dispute rules.
export {
  EXPORT_FORMAT_VERSION,
  READABLE_FORMAT_VERSIONS,
  EXPORT_KINDS,
  EDTF_PATTERN,
  SHARED_USER_FIELDS,
  recordSchemasFor,
  userRecordSchemaV1,
  accountRecordSchema,
  COLLECTIONS,
  RECORD_TYPE,
  COLLECTION_OF_TYPE,
  claimPosition,
  claimQuote,
  recordSchemas,
  headerSchema,
  redactUserSnapshot,
  userRecordSchema,
  sourceRecordSchema,
  actorRecordSchema,
  eventRecordSchema,
  claimRecordSchema,
  linkRecordSchema,
  disputeRecordSchema,
  verdictRecordSchema,
  auditRecordSchema,
} from './records.ts';
export type {
  Collection,
  ExportKind,
  ExportSliceInfo,
  ExportHeader,
  UserRecord,
  SourceRecord,
  ActorRecord,
  EventRecord,
  TextPositionSelector,
  TextQuoteSelector,
  ClaimRecord,
  AssertedRecord,
  LinkRecord,
  DisputeRecord,
  VerdictRecord,
  AuditRecord,
  RecordOf,
  AnyRecord,
} from './records.ts';
export * from './csv.ts';
export * from './standards.ts';
export * from './json-scan.ts';
export * from './restore-check.ts';
export * from './jsonl.ts';
export * from './columns.ts';
export * from './slice.ts';

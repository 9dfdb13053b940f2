// The records of Claimline's JSON export (docs/export-format.md): their types, the order of the
// collections, and the zod schemas a restore validates each record with. Every other export format
// (JSON Lines, CSV, Web Annotation, ClaimReview) is a mapping of these records.
import { z } from 'zod';
import { actorCreateSchema, assertedSchema, eventCreateSchema, hopSchema, languageSchema, sourceImportSchema, verdictSchema } from '../schemas.ts';
import { ACTOR_KINDS, CLAIM_STATUSES, DISPUTE_STATUSES, RATING_IDS, ROLES, STANCES } from '../vocabulary.ts';

/** The version this build writes. Version 1 (users as id, name and role only; no `kind`) is still read. */
export const EXPORT_FORMAT_VERSION = 2;
export const READABLE_FORMAT_VERSIONS = [1, 2] as const;

/**
 * What a file is for. `export`: for sharing; accounts are left out (users carry no email, password hash
 * or disabled flag). `backup`: for disaster recovery; users carry them too, so everyone signs in as before.
 */
/**
 * The shape of a stored EDTF value (level 0 or 1, as parseEdtf normalises it): the JSON Schema's
 * `edtf` pattern, for tools that validate exports without Claimline. A shape check only: restore also
 * checks the calendar (no 2023-02-29) and that an interval does not end before it starts.
 */
const EDTF_POINT = '[0-9]{2}(?:[0-9]{2}|[0-9]X|XX)(?:-(?:(?:0[1-9]|1[0-2]|XX)(?:-(?:0[1-9]|[12][0-9]|3[01]|XX))?|2[1-4]))?[?~%]?';
export const EDTF_PATTERN = new RegExp(`^(?!(?:\\.\\.)?/(?:\\.\\.)?$)(?:${EDTF_POINT}|(?:${EDTF_POINT}|\\.\\.)?/(?:${EDTF_POINT}|\\.\\.)?)$`);

export const EXPORT_KINDS = ['export', 'backup'] as const;
export type ExportKind = (typeof EXPORT_KINDS)[number];

/** Collections in the order they appear in a JSON export (and are restored). */
export const COLLECTIONS = ['users', 'sources', 'actors', 'events', 'claims', 'links', 'disputes', 'verdicts', 'audit'] as const;
export type Collection = (typeof COLLECTIONS)[number];

/** The `type` of a JSON Lines record of each collection. */
export const RECORD_TYPE: Record<Collection, string> = {
  users: 'user',
  sources: 'source',
  actors: 'actor',
  events: 'event',
  claims: 'claim',
  links: 'link',
  disputes: 'dispute',
  verdicts: 'verdict',
  audit: 'audit',
};
export const COLLECTION_OF_TYPE: Record<string, Collection> = Object.fromEntries(Object.entries(RECORD_TYPE).map(([c, t]) => [t, c as Collection]));

export interface ExportSliceInfo {
  sourceIds: number[];
  eventIds: number[];
  since: string | null;
}

export interface ExportHeader {
  formatVersion: number;
  /** Always present from format version 2 on; a version 1 file reads as `export`. */
  kind: ExportKind;
  exportedAt: string;
  /** Null for a whole-database export. */
  slice: ExportSliceInfo | null;
}

export interface UserRecord {
  id: number;
  name: string;
  role: string;
  version: number;
  createdAt: string;
  updatedAt: string;
  /** Backups only (kind `backup`): the account itself. */
  email?: string;
  passwordHash?: string;
  disabled?: boolean;
}

export interface SourceRecord {
  id: number;
  title: string;
  outlet: string;
  outletActorId: number | null;
  authors: string[];
  url: string | null;
  language: string;
  published: string | null;
  credit: string | null;
  notes: string | null;
  text: string;
  contentHash: string;
  revisionOfId: number | null;
  createdById: number | null;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export interface ActorRecord {
  id: number;
  name: string;
  kind: string;
  wikidata: string | null;
  description: string | null;
  mergedIntoId: number | null;
  aliases: { id: number; name: string; language: string | null }[];
  version: number;
  createdAt: string;
  updatedAt: string;
}

export interface EventRecord {
  id: number;
  title: string;
  type: string;
  date: string | null;
  place: string | null;
  description: string | null;
  parentId: number | null;
  participants: { id: number; actorId: number; role: string }[];
  version: number;
  createdAt: string;
  updatedAt: string;
}

export interface TextPositionSelector {
  type: 'TextPositionSelector';
  start: number;
  end: number;
}

export interface TextQuoteSelector {
  type: 'TextQuoteSelector';
  exact: string;
  prefix: string;
  suffix: string;
}

export interface ClaimRecord {
  id: number;
  sourceId: number;
  selectors: [TextPositionSelector, TextQuoteSelector];
  claimantId: number | null;
  chain: { id: number; actorId: number; relation: string | null }[];
  paraphrase: string | null;
  status: string;
  createdById: number | null;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export interface AssertedRecord {
  date: string | null;
  place: string | null;
  participants: { include: number[]; exclude: number[]; exclusive: boolean } | null;
  number: { value: number; unit: string; tolerance: number | null } | null;
}

export interface LinkRecord {
  id: number;
  claimId: number;
  eventId: number;
  stance: string;
  asserted: AssertedRecord;
  note: string | null;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export interface DisputeRecord {
  id: number;
  eventId: number;
  kinds: string[];
  status: string;
  explanation: string;
  supportOrigins: number;
  contradictOrigins: number;
  claims: { claimId: number; side: string; origin: string }[];
  openedAt: string;
  resolvedAt: string | null;
  resolvedById: number | null;
  rationale: string | null;
  version: number;
  updatedAt: string;
}

export interface VerdictRecord {
  id: number;
  claimId: number;
  disputeId: number | null;
  rating: string;
  rationale: string;
  evidenceUrl: string | null;
  reviewerId: number | null;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export interface AuditRecord {
  id: number;
  at: string;
  userId: number | null;
  action: string;
  recordType: string;
  recordId: number;
  before: unknown;
  after: unknown;
}

export interface RecordOf {
  users: UserRecord;
  sources: SourceRecord;
  actors: ActorRecord;
  events: EventRecord;
  claims: ClaimRecord;
  links: LinkRecord;
  disputes: DisputeRecord;
  verdicts: VerdictRecord;
  audit: AuditRecord;
}
export type AnyRecord = RecordOf[Collection];

export const claimPosition = (c: ClaimRecord) => c.selectors[0];
export const claimQuote = (c: ClaimRecord) => c.selectors[1];

// ---- Validation (restore). The field rules are the API's own input schemas wherever one exists. ----

const id = z
  .number()
  .int()
  .positive()
  .max(2 ** 53 - 1);
const version = z.number().int().positive();
const count = z.number().int().min(0);
/** ISO 8601 instant, as exported: 2024-12-06T10:00:00.000Z. */
const instant = z
  .string()
  .max(40)
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/, 'must be an ISO 8601 date-time such as 2024-12-06T10:00:00.000Z')
  .refine((s) => !Number.isNaN(Date.parse(s)), 'is not a real date-time');
const short = (max: number) => z.string().max(max, `must be at most ${max} characters`);
const nullable = <T extends z.ZodType>(t: T) => t.nullable();
const src = sourceImportSchema.shape;
const act = actorCreateSchema.shape;
const evt = eventCreateSchema.shape;
const asserted = assertedSchema.shape;

/** A user in a format version 1 file: only what audit attribution needs. */
export const userRecordSchemaV1 = z.strictObject({ id, name: short(200), role: z.enum(ROLES) });

/** A user in a shareable export: who the person is in the record, never how they sign in. */
export const userRecordSchema = z.strictObject({ id, name: short(200), role: z.enum(ROLES), version, createdAt: instant, updatedAt: instant });

/** What a backup keeps as a password hash: an encoded Argon2 hash, or "!" (no password verifies against it). */
const passwordHash = z
  .string()
  .max(1000, 'must be at most 1000 characters')
  .regex(/^(\$argon2(id|i|d)\$[!-~]+|!)$/, 'must be an encoded Argon2 hash ($argon2id$…) or "!" for no password');

/** A user in a backup: the account too, so that a restored database signs everyone in as before. */
export const accountRecordSchema = z.strictObject({
  id,
  email: z
    .string()
    .max(320, 'must be at most 320 characters')
    .email('must be an email address')
    .refine((e) => e === e.trim().toLowerCase(), 'must be lower case without surrounding spaces'),
  name: short(200),
  role: z.enum(ROLES),
  passwordHash,
  disabled: z.boolean(),
  version,
  createdAt: instant,
  updatedAt: instant,
});

export const sourceRecordSchema = z.strictObject({
  id,
  title: src.title,
  outlet: src.outlet,
  outletActorId: nullable(id),
  authors: z.array(short(200)).max(50),
  url: nullable(short(2000)),
  language: languageSchema,
  published: src.published.unwrap(),
  credit: nullable(short(1000)),
  notes: nullable(short(5000)),
  text: src.text,
  contentHash: z.string().regex(/^[0-9a-f]{64}$/, 'must be a SHA-256 hex digest'),
  revisionOfId: nullable(id),
  createdById: nullable(id),
  version,
  createdAt: instant,
  updatedAt: instant,
});

export const actorRecordSchema = z.strictObject({
  id,
  name: act.name,
  kind: z.enum(ACTOR_KINDS),
  wikidata: act.wikidata.unwrap(),
  description: nullable(short(2000)),
  mergedIntoId: nullable(id),
  aliases: z.array(z.strictObject({ id, name: short(300).min(1, 'must not be empty'), language: nullable(languageSchema) })).max(10_000),
  version,
  createdAt: instant,
  updatedAt: instant,
});

export const eventRecordSchema = z.strictObject({
  id,
  title: evt.title,
  type: short(100).min(1, 'must not be empty'),
  date: evt.date.unwrap(),
  place: nullable(short(300)),
  description: nullable(short(5000)),
  parentId: nullable(id),
  participants: z.array(z.strictObject({ id, actorId: id, role: short(100).min(1, 'must not be empty') })).max(10_000),
  version,
  createdAt: instant,
  updatedAt: instant,
});

export const claimRecordSchema = z.strictObject({
  id,
  sourceId: id,
  selectors: z.tuple([
    z.strictObject({ type: z.literal('TextPositionSelector'), start: z.number().int().min(0), end: z.number().int().min(1) }),
    z.strictObject({ type: z.literal('TextQuoteSelector'), exact: short(2_000_000).min(1), prefix: short(10_000), suffix: short(10_000) }),
  ]),
  claimantId: nullable(id),
  chain: z.array(z.strictObject({ id, actorId: id, relation: nullable(hopSchema.shape.relation.unwrap().unwrap()) })).max(20),
  paraphrase: nullable(short(5000)),
  status: z.enum(CLAIM_STATUSES),
  createdById: nullable(id),
  version,
  createdAt: instant,
  updatedAt: instant,
});

export const linkRecordSchema = z.strictObject({
  id,
  claimId: id,
  eventId: id,
  stance: z.enum(STANCES),
  asserted: z.strictObject({
    date: asserted.date.unwrap(),
    place: asserted.place.unwrap(),
    participants: asserted.participants.unwrap(),
    number: asserted.number.unwrap(),
  }),
  note: nullable(short(2000)),
  version,
  createdAt: instant,
  updatedAt: instant,
});

export const DISPUTE_KINDS = ['stance', 'date', 'place', 'participants', 'number'] as const;

export const disputeRecordSchema = z.strictObject({
  id,
  eventId: id,
  kinds: z.array(z.enum(DISPUTE_KINDS)).max(DISPUTE_KINDS.length),
  status: z.enum(DISPUTE_STATUSES),
  explanation: short(20_000),
  supportOrigins: count,
  contradictOrigins: count,
  claims: z.array(z.strictObject({ claimId: id, side: z.enum(['a', 'b']), origin: short(500) })).max(100_000),
  openedAt: instant,
  resolvedAt: nullable(instant),
  resolvedById: nullable(id),
  rationale: nullable(short(5000)),
  version,
  updatedAt: instant,
});

export const verdictRecordSchema = z.strictObject({
  id,
  claimId: id,
  disputeId: nullable(id),
  rating: z.enum(RATING_IDS),
  rationale: short(5000),
  evidenceUrl: verdictSchema.shape.evidenceUrl.unwrap(),
  reviewerId: nullable(id),
  version,
  createdAt: instant,
  updatedAt: instant,
});

/** Audit snapshots are free-form JSON, bounded in size so a hostile file cannot make one enormous. */
const snapshot = z.unknown().refine((v) => v === null || v === undefined || JSON.stringify(v).length <= 4_000_000, 'is larger than 4,000,000 characters');

export const auditRecordSchema = z.strictObject({
  id,
  at: instant,
  userId: nullable(id),
  action: short(100).min(1),
  recordType: short(50).min(1),
  recordId: z.number().int(),
  before: snapshot,
  after: snapshot,
});

export const recordSchemas = {
  users: userRecordSchema,
  sources: sourceRecordSchema,
  actors: actorRecordSchema,
  events: eventRecordSchema,
  claims: claimRecordSchema,
  links: linkRecordSchema,
  disputes: disputeRecordSchema,
  verdicts: verdictRecordSchema,
  audit: auditRecordSchema,
} satisfies Record<Collection, z.ZodType>;

export const headerSchema = z
  .strictObject({
    formatVersion: z.union(READABLE_FORMAT_VERSIONS.map((v) => z.literal(v)) as [z.ZodLiteral<1>, z.ZodLiteral<2>], {
      message: `must be ${READABLE_FORMAT_VERSIONS.join(' or ')} (this build reads format versions ${READABLE_FORMAT_VERSIONS.join(' and ')})`,
    }),
    kind: z.enum(EXPORT_KINDS, { message: `must be ${EXPORT_KINDS.join(' or ')}` }).optional(),
    exportedAt: instant,
    slice: z
      .strictObject({ sourceIds: z.array(id).max(100_000), eventIds: z.array(id).max(100_000), since: nullable(instant) })
      .nullable()
      .default(null),
  })
  .superRefine((h, ctx) => {
    if (h.formatVersion >= 2 && h.kind === undefined)
      ctx.addIssue({ code: 'custom', path: ['kind'], message: `is missing (format version 2 files say ${EXPORT_KINDS.join(' or ')})` });
    if (h.formatVersion === 1 && h.kind !== undefined) ctx.addIssue({ code: 'custom', path: ['kind'], message: 'is not part of format version 1' });
    if (h.kind === 'backup' && h.slice !== null)
      ctx.addIssue({ code: 'custom', path: ['slice'], message: 'must be null in a backup (a backup is the whole database)' });
  })
  .transform((h): ExportHeader => ({ formatVersion: h.formatVersion, kind: h.kind ?? 'export', exportedAt: h.exportedAt, slice: h.slice }));

/** The record schemas a file with this header is read with: version 1 users, shareable users, or accounts. */
export function recordSchemasFor(header: Pick<ExportHeader, 'formatVersion' | 'kind'> | null): typeof recordSchemas {
  if (!header || header.formatVersion === 1) return { ...recordSchemas, users: userRecordSchemaV1 as unknown as typeof userRecordSchema };
  if (header.kind === 'backup') return { ...recordSchemas, users: accountRecordSchema };
  return recordSchemas;
}

/** The fields of a user that a shareable export carries (records and audit snapshots alike). */
export const SHARED_USER_FIELDS = ['id', 'name', 'role', 'version', 'createdAt', 'updatedAt'] as const;

/**
 * Audit snapshots of users in a shareable export keep only what the export may carry about a person
 * (SHARED_USER_FIELDS): never an email, a password hash or the disabled flag. Backups keep them whole.
 */
export function redactUserSnapshot(value: unknown): unknown {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return value === undefined ? null : value;
  const out: Record<string, unknown> = {};
  for (const k of SHARED_USER_FIELDS) if (k in value) out[k] = (value as Record<string, unknown>)[k];
  return out;
}

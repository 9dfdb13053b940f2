// Reads the whole database (or a slice of it) as export records, streaming: a separate read-only
// better-sqlite3 connection inside one read transaction (a consistent view while the editor writes),
// rows pulled one at a time with `.iterate()`. SQLite-only (temp tables, json_group_array); a
// PostgreSQL build would implement the same ExportReader with a REPEATABLE READ cursor.
import Database from 'better-sqlite3';
import {
  COLLECTIONS,
  RECORD_TYPE,
  assertedFromColumns,
  CSV_TABLES,
  csvLine,
  redactUserSnapshot,
  type ActorRecord,
  type AuditRecord,
  type ClaimRecord,
  type Collection,
  type DisputeRecord,
  type EventRecord,
  type LinkRecord,
  type RecordOf,
  type SourceRecord,
  type UserRecord,
  type VerdictRecord,
} from '@claimline/core';
import { BUSY_TIMEOUT_MS } from './client.ts';
import { storedInstant } from './instant.ts';

export { storedInstant };

export interface ExportSlice {
  /** Claims of these sources (and the sources themselves). */
  sourceIds?: number[];
  /** Claims linked to these events or their descendants (and the events themselves). */
  eventIds?: number[];
  /** Records created or changed at or after this instant. */
  since?: Date;
}

export interface ClaimWithLinks extends ClaimRecord {
  links: { eventId: number; stance: string }[];
}

/** Records rendered by SQLite as UTF-8 bytes, and how many records they hold. */
export interface ExportBatch {
  bytes: Buffer;
  rows: number;
}

export interface ReaderOptions {
  /** Records per batch of jsonBatches() and csvBatches() (tests use small ones). */
  batchRows?: number;
  /**
   * Read users as accounts (email, password hash, disabled flag) and audit snapshots of users whole:
   * for backups only. A shareable export never carries them.
   */
  accounts?: boolean;
}

export interface ExportReader {
  /** True when a slice narrows the export. */
  readonly sliced: boolean;
  /** True when users are read as accounts (a backup). */
  readonly accounts: boolean;
  /** How many records each collection will yield (for progress). */
  counts(): Record<Collection, number>;
  records<C extends Collection>(collection: C): IterableIterator<RecordOf[C]>;
  /**
   * The same records as `records()`, already as JSON text, rendered by SQLite (json_object): the fast path
   * of the json and jsonl exports. Tests hold it equal to JSON.stringify(records()).
   */
  jsonLines(collection: Collection): IterableIterator<string>;
  /**
   * The lines of one CSV file of CSV_TABLES (@claimline/core), header excluded, rendered by SQLite: the fast
   * path of the csv export. Tests hold it equal to the core mapping.
   */
  csvLines(file: string): IterableIterator<string>;
  /**
   * The records of `jsonLines()` in batches of UTF-8 bytes: JSON records joined by ",\n" (the caller puts
   * ",\n" between batches), or with `jsonl` JSON Lines records (with their `type`), each ending in "\n".
   */
  jsonBatches(collection: Collection, options?: { jsonl?: boolean }): IterableIterator<ExportBatch>;
  /** The lines of `csvLines()` in batches of UTF-8 bytes. */
  csvBatches(file: string): IterableIterator<ExportBatch>;
  /** Claims with their links' event ids and stances (for the Web Annotation export). */
  claimsWithLinks(): IterableIterator<ClaimWithLinks>;
  /** Verdicts with the claim each one rates (for the ClaimReview export). */
  verdictsWithClaims(): IterableIterator<{ verdict: VerdictRecord; claim: ClaimRecord }>;
  /** Ends the read transaction and closes the connection. */
  close(): void;
}

/** Prisma stores DateTime on SQLite as '2024-12-06T10:00:00.000+00:00'; exports use ISO 8601 with Z. */
export function isoInstant(v: unknown): string {
  if (typeof v === 'string') {
    if (v.length === 29 && v.endsWith('+00:00')) return v.slice(0, 23) + 'Z';
    const d = new Date(v);
    if (!Number.isNaN(d.getTime())) return d.toISOString();
  }
  if (typeof v === 'number' || typeof v === 'bigint') return new Date(Number(v)).toISOString();
  throw new Error(`unreadable date-time in the database: ${String(v)}`);
}

const isoOrNull = (v: unknown) => (v === null || v === undefined ? null : isoInstant(v));
const json = <T = unknown>(v: unknown): T | null => (v === null || v === undefined ? null : (JSON.parse(v as string) as T));

type Row = unknown[];

const CLAIM_COLUMNS = `c.id, c.sourceId, c.start, c."end", c.quote, c.prefix, c.suffix, c.claimantId, c.paraphrase, c.status, c.createdById, c.version, c.createdAt, c.updatedAt,
  (SELECT json_group_array(json_array(id, actorId, relation)) FROM (SELECT id, actorId, relation FROM AttributionHop WHERE claimId = c.id ORDER BY position))`;

function claimOf(r: Row): ClaimRecord {
  return {
    id: r[0] as number,
    sourceId: r[1] as number,
    selectors: [
      { type: 'TextPositionSelector', start: r[2] as number, end: r[3] as number },
      { type: 'TextQuoteSelector', exact: r[4] as string, prefix: r[5] as string, suffix: r[6] as string },
    ],
    claimantId: r[7] as number | null,
    chain: (JSON.parse(r[14] as string) as [number, number, string | null][]).map(([id, actorId, relation]) => ({ id, actorId, relation })),
    paraphrase: r[8] as string | null,
    status: r[9] as string,
    createdById: r[10] as number | null,
    version: r[11] as number,
    createdAt: isoInstant(r[12]),
    updatedAt: isoInstant(r[13]),
  };
}

const VERDICT_COLUMNS = 'v.id, v.claimId, v.disputeId, v.rating, v.rationale, v.evidenceUrl, v.reviewerId, v.version, v.createdAt, v.updatedAt';

function verdictOf(r: Row, o = 0): VerdictRecord {
  return {
    id: r[o] as number,
    claimId: r[o + 1] as number,
    disputeId: r[o + 2] as number | null,
    rating: r[o + 3] as string,
    rationale: r[o + 4] as string,
    evidenceUrl: r[o + 5] as string | null,
    reviewerId: r[o + 6] as number | null,
    version: r[o + 7] as number,
    createdAt: isoInstant(r[o + 8]),
    updatedAt: isoInstant(r[o + 9]),
  };
}

interface Query<R> {
  sql: (where: (column: string, set: SliceSet) => string) => string;
  map: (r: Row) => R;
}

type SliceSet = 'source' | 'actor' | 'event' | 'claim' | 'link' | 'dispute' | 'verdict' | 'audit';

const sharedUser = (r: Row): UserRecord => ({
  id: r[0] as number,
  name: r[1] as string,
  role: r[2] as string,
  version: r[3] as number,
  createdAt: isoInstant(r[4]),
  updatedAt: isoInstant(r[5]),
});

const USER_COLUMNS = 'id, name, role, version, createdAt, updatedAt';

const queries: { [C in Collection]: Query<RecordOf[C]> } = {
  users: {
    sql: () => `SELECT ${USER_COLUMNS} FROM User ORDER BY id`,
    map: sharedUser,
  },
  sources: {
    sql: (
      w,
    ) => `SELECT id, title, outlet, outletActorId, authors, url, language, published, credit, notes, text, contentHash, revisionOfId, createdById, version, createdAt, updatedAt
      FROM Source s WHERE 1 ${w('s.id', 'source')} ORDER BY id`,
    map: (r): SourceRecord => ({
      id: r[0] as number,
      title: r[1] as string,
      outlet: r[2] as string,
      outletActorId: r[3] as number | null,
      authors: json<string[]>(r[4]) ?? [],
      url: r[5] as string | null,
      language: r[6] as string,
      published: r[7] as string | null,
      credit: r[8] as string | null,
      notes: r[9] as string | null,
      text: r[10] as string,
      contentHash: r[11] as string,
      revisionOfId: r[12] as number | null,
      createdById: r[13] as number | null,
      version: r[14] as number,
      createdAt: isoInstant(r[15]),
      updatedAt: isoInstant(r[16]),
    }),
  },
  actors: {
    sql: (w) => `SELECT a.id, a.name, a.kind, a.wikidata, a.description, a.mergedIntoId, a.version, a.createdAt, a.updatedAt,
        (SELECT json_group_array(json_array(id, name, language)) FROM (SELECT id, name, language FROM ActorAlias WHERE actorId = a.id ORDER BY id))
      FROM Actor a WHERE 1 ${w('a.id', 'actor')} ORDER BY a.id`,
    map: (r): ActorRecord => ({
      id: r[0] as number,
      name: r[1] as string,
      kind: r[2] as string,
      wikidata: r[3] as string | null,
      description: r[4] as string | null,
      mergedIntoId: r[5] as number | null,
      aliases: (JSON.parse(r[9] as string) as [number, string, string | null][]).map(([id, name, language]) => ({ id, name, language })),
      version: r[6] as number,
      createdAt: isoInstant(r[7]),
      updatedAt: isoInstant(r[8]),
    }),
  },
  events: {
    sql: (w) => `SELECT e.id, e.title, e.type, e.date, e.place, e.description, e.parentId, e.version, e.createdAt, e.updatedAt,
        (SELECT json_group_array(json_array(id, actorId, role)) FROM (SELECT id, actorId, role FROM EventParticipant WHERE eventId = e.id ORDER BY id))
      FROM Event e WHERE 1 ${w('e.id', 'event')} ORDER BY e.id`,
    map: (r): EventRecord => ({
      id: r[0] as number,
      title: r[1] as string,
      type: r[2] as string,
      date: r[3] as string | null,
      place: r[4] as string | null,
      description: r[5] as string | null,
      parentId: r[6] as number | null,
      participants: (JSON.parse(r[10] as string) as [number, number, string][]).map(([id, actorId, role]) => ({ id, actorId, role })),
      version: r[7] as number,
      createdAt: isoInstant(r[8]),
      updatedAt: isoInstant(r[9]),
    }),
  },
  claims: {
    sql: (w) => `SELECT ${CLAIM_COLUMNS} FROM Claim c WHERE 1 ${w('c.id', 'claim')} ORDER BY c.id`,
    map: claimOf,
  },
  links: {
    sql: (
      w,
    ) => `SELECT id, claimId, eventId, stance, assertedDate, assertedPlace, assertedParticipants, assertedNumber, assertedUnit, numberTolerance, note, version, createdAt, updatedAt
      FROM Link l WHERE 1 ${w('l.id', 'link')} ORDER BY id`,
    map: (r): LinkRecord => {
      const asserted = assertedFromColumns({
        assertedDate: r[4] as string | null,
        assertedPlace: r[5] as string | null,
        assertedParticipants: json(r[6]),
        assertedNumber: r[7] as number | null,
        assertedUnit: r[8] as string | null,
        numberTolerance: r[9] as number | null,
      });
      return {
        id: r[0] as number,
        claimId: r[1] as number,
        eventId: r[2] as number,
        stance: r[3] as string,
        asserted,
        note: r[10] as string | null,
        version: r[11] as number,
        createdAt: isoInstant(r[12]),
        updatedAt: isoInstant(r[13]),
      };
    },
  },
  disputes: {
    sql: (
      w,
    ) => `SELECT d.id, d.eventId, d.kinds, d.status, d.explanation, d.supportOrigins, d.contradictOrigins, d.openedAt, d.resolvedAt, d.resolvedById, d.rationale, d.version, d.updatedAt,
        (SELECT json_group_array(json_array(claimId, side, origin)) FROM (SELECT claimId, side, origin FROM DisputeClaim dc WHERE disputeId = d.id ${w('dc.claimId', 'claim')} ORDER BY side, claimId))
      FROM Dispute d WHERE 1 ${w('d.id', 'dispute')} ORDER BY d.id`,
    map: (r): DisputeRecord => ({
      id: r[0] as number,
      eventId: r[1] as number,
      kinds: json<DisputeRecord['kinds']>(r[2]) ?? [],
      status: r[3] as string,
      explanation: r[4] as string,
      supportOrigins: r[5] as number,
      contradictOrigins: r[6] as number,
      claims: (JSON.parse(r[13] as string) as [number, string, string][]).map(([claimId, side, origin]) => ({ claimId, side, origin })),
      openedAt: isoInstant(r[7]),
      resolvedAt: isoOrNull(r[8]),
      resolvedById: r[9] as number | null,
      rationale: r[10] as string | null,
      version: r[11] as number,
      updatedAt: isoInstant(r[12]),
    }),
  },
  verdicts: {
    sql: (w) => `SELECT ${VERDICT_COLUMNS} FROM Verdict v WHERE 1 ${w('v.id', 'verdict')} ORDER BY v.id`,
    map: (r) => verdictOf(r),
  },
  audit: {
    sql: (w) => `SELECT id, at, userId, action, recordType, recordId, before, after FROM AuditEntry au WHERE 1 ${w('au.id', 'audit')} ORDER BY id`,
    map: (r): AuditRecord => {
      const user = r[4] === 'user';
      return {
        id: r[0] as number,
        at: isoInstant(r[1]),
        userId: r[2] as number | null,
        action: r[3] as string,
        recordType: r[4] as string,
        recordId: r[5] as number,
        // Users appear in an export only as id, name and role: never an email, hash or session.
        before: user ? redactUserSnapshot(json(r[6])) : json(r[6]),
        after: user ? redactUserSnapshot(json(r[7])) : json(r[7]),
      };
    },
  },
};

// ---- SQL renderings of the records (the fast path). Same shapes as the row mappers above. ----

type W = (column: string, set: SliceSet) => string;

// Stored date-times are '2024-12-06T10:00:00.000+00:00' (as isoInstant reads them): cut to ISO 8601 with Z by
// string functions, which are about three times cheaper than strftime(); anything else goes through strftime.
const D = (c: string) => `iif(substr(${c}, 24) = '+00:00', substr(${c}, 1, 23) || 'Z', strftime('%Y-%m-%dT%H:%M:%fZ', ${c}))`;

/**
 * One collection rendered by SQL: `sql(w, cond, t)` selects `k` (the key rows are ordered and batched by)
 * and `x` (the record's JSON; NULL where JavaScript renders it, then the raw columns follow). `cond` narrows
 * the key (`AND k > ?`); `t` opens the object with the JSON Lines `"type"` member, or is empty.
 */
interface Rendering {
  key: string;
  sql: (w: W, cond: string, t: string) => string;
}

const AUDIT_RAW = 'id, at, userId, action, recordType, recordId, before, after';
// Nested arrays are scalar subqueries of json_group_array(): the SQLite bundled with better-sqlite3 keeps their
// JSON subtype through the subquery, so json_object embeds them as they are (no json() wrapper parsing them again;
// the byte-identity tests would see a string instead of an array if it did not).

const jsonSql: { [C in Collection]: Rendering } = {
  users: {
    key: 'id',
    sql: (_w, cond, t) =>
      `SELECT id AS k, json_object(${t}'id', id, 'name', name, 'role', role, 'version', version, 'createdAt', ${D('createdAt')}, 'updatedAt', ${D('updatedAt')}) AS x FROM User WHERE 1 ${cond} ORDER BY id`,
  },
  sources: {
    key: 's.id',
    sql: (
      w,
      cond,
      t,
    ) => `SELECT s.id AS k, json_object(${t}'id', id, 'title', title, 'outlet', outlet, 'outletActorId', outletActorId, 'authors', json(coalesce(authors, '[]')), 'url', url,
      'language', language, 'published', published, 'credit', credit, 'notes', notes, 'text', text, 'contentHash', contentHash, 'revisionOfId', revisionOfId,
      'createdById', createdById, 'version', version, 'createdAt', ${D('createdAt')}, 'updatedAt', ${D('updatedAt')}) AS x
    FROM Source s WHERE 1 ${cond} ${w('s.id', 'source')} ORDER BY s.id`,
  },
  actors: {
    key: 'a.id',
    sql: (
      w,
      cond,
      t,
    ) => `SELECT a.id AS k, json_object(${t}'id', a.id, 'name', a.name, 'kind', a.kind, 'wikidata', a.wikidata, 'description', a.description, 'mergedIntoId', a.mergedIntoId,
      'aliases', (SELECT json_group_array(json_object('id', id, 'name', name, 'language', language)) FROM (SELECT id, name, language FROM ActorAlias WHERE actorId = a.id ORDER BY id)),
      'version', a.version, 'createdAt', ${D('a.createdAt')}, 'updatedAt', ${D('a.updatedAt')}) AS x
    FROM Actor a WHERE 1 ${cond} ${w('a.id', 'actor')} ORDER BY a.id`,
  },
  // In JSON Lines an event's own type is `eventType` (toJsonlRecord in @claimline/core).
  events: {
    key: 'e.id',
    sql: (
      w,
      cond,
      t,
    ) => `SELECT e.id AS k, json_object(${t}'id', e.id, 'title', e.title, '${t ? 'eventType' : 'type'}', e.type, 'date', e.date, 'place', e.place, 'description', e.description, 'parentId', e.parentId,
      'participants', (SELECT json_group_array(json_object('id', id, 'actorId', actorId, 'role', role)) FROM (SELECT id, actorId, role FROM EventParticipant WHERE eventId = e.id ORDER BY id)),
      'version', e.version, 'createdAt', ${D('e.createdAt')}, 'updatedAt', ${D('e.updatedAt')}) AS x
    FROM Event e WHERE 1 ${cond} ${w('e.id', 'event')} ORDER BY e.id`,
  },
  claims: {
    key: 'c.id',
    sql: (w, cond, t) => `SELECT c.id AS k, json_object(${t}'id', c.id, 'sourceId', c.sourceId,
      'selectors', json_array(json_object('type', 'TextPositionSelector', 'start', c.start, 'end', c."end"), json_object('type', 'TextQuoteSelector', 'exact', c.quote, 'prefix', c.prefix, 'suffix', c.suffix)),
      'claimantId', c.claimantId,
      'chain', (SELECT json_group_array(json_object('id', id, 'actorId', actorId, 'relation', relation)) FROM (SELECT id, actorId, relation FROM AttributionHop WHERE claimId = c.id ORDER BY position)),
      'paraphrase', c.paraphrase, 'status', c.status, 'createdById', c.createdById, 'version', c.version, 'createdAt', ${D('c.createdAt')}, 'updatedAt', ${D('c.updatedAt')}) AS x
    FROM Claim c WHERE 1 ${cond} ${w('c.id', 'claim')} ORDER BY c.id`,
  },
  links: {
    key: 'l.id',
    sql: (w, cond, t) => `SELECT l.id AS k, json_object(${t}'id', id, 'claimId', claimId, 'eventId', eventId, 'stance', stance,
      'asserted', json_object('date', assertedDate, 'place', assertedPlace,
        'participants', json(CASE WHEN ${HAS_PARTICIPANTS} THEN json_object('include', json(coalesce(json_extract(assertedParticipants, '$.include'), '[]')), 'exclude', json(${EXCLUDED_JSON}), 'exclusive', json(CASE WHEN ${EXCLUSIVE} THEN 'true' ELSE 'false' END)) END),
        'number', json(CASE WHEN assertedNumber IS NOT NULL AND assertedUnit IS NOT NULL THEN json_object('value', assertedNumber, 'unit', assertedUnit, 'tolerance', numberTolerance) END)),
      'note', note, 'version', version, 'createdAt', ${D('createdAt')}, 'updatedAt', ${D('updatedAt')}) AS x
    FROM Link l WHERE 1 ${cond} ${w('l.id', 'link')} ORDER BY l.id`,
  },
  disputes: {
    key: 'd.id',
    sql: (
      w,
      cond,
      t,
    ) => `SELECT d.id AS k, json_object(${t}'id', d.id, 'eventId', d.eventId, 'kinds', json(coalesce(d.kinds, '[]')), 'status', d.status, 'explanation', d.explanation,
      'supportOrigins', d.supportOrigins, 'contradictOrigins', d.contradictOrigins,
      'claims', (SELECT json_group_array(json_object('claimId', claimId, 'side', side, 'origin', origin)) FROM (SELECT claimId, side, origin FROM DisputeClaim dc WHERE disputeId = d.id ${w('dc.claimId', 'claim')} ORDER BY side, claimId)),
      'openedAt', ${D('d.openedAt')}, 'resolvedAt', ${D('d.resolvedAt')}, 'resolvedById', d.resolvedById, 'rationale', d.rationale, 'version', d.version, 'updatedAt', ${D('d.updatedAt')}) AS x
    FROM Dispute d WHERE 1 ${cond} ${w('d.id', 'dispute')} ORDER BY d.id`,
  },
  verdicts: {
    key: 'v.id',
    sql: (
      w,
      cond,
      t,
    ) => `SELECT v.id AS k, json_object(${t}'id', v.id, 'claimId', v.claimId, 'disputeId', v.disputeId, 'rating', v.rating, 'rationale', v.rationale, 'evidenceUrl', v.evidenceUrl,
      'reviewerId', v.reviewerId, 'version', v.version, 'createdAt', ${D('v.createdAt')}, 'updatedAt', ${D('v.updatedAt')}) AS x
    FROM Verdict v WHERE 1 ${cond} ${w('v.id', 'verdict')} ORDER BY v.id`,
  },
  // User snapshots are redacted in JavaScript (x is NULL; the raw columns follow for the mapper).
  audit: {
    key: 'au.id',
    sql: (
      w,
      cond,
      t,
    ) => `SELECT au.id AS k, CASE WHEN recordType = 'user' THEN NULL ELSE json_object(${t}'id', id, 'at', ${D('at')}, 'userId', userId, 'action', action, 'recordType', recordType,
      'recordId', recordId, 'before', json(before), 'after', json(after)) END AS x, ${AUDIT_RAW}
    FROM AuditEntry au WHERE 1 ${cond} ${w('au.id', 'audit')} ORDER BY au.id`,
  },
};

/** Users as accounts (backups): the shareable fields, then email, password hash and the disabled flag. */
const accountJsonSql: Rendering = {
  key: 'id',
  sql: (
    _w,
    cond,
    t,
  ) => `SELECT id AS k, json_object(${t}'id', id, 'name', name, 'role', role, 'version', version, 'createdAt', ${D('createdAt')}, 'updatedAt', ${D('updatedAt')},
    'email', email, 'passwordHash', passwordHash, 'disabled', json(CASE WHEN disabled THEN 'true' ELSE 'false' END)) AS x FROM User WHERE 1 ${cond} ORDER BY id`,
};
/** Audit entries with every snapshot as stored (backups). */
const wholeAuditJsonSql: Rendering = {
  key: 'au.id',
  sql: (w, cond, t) => `SELECT au.id AS k, json_object(${t}'id', id, 'at', ${D('at')}, 'userId', userId, 'action', action, 'recordType', recordType,
      'recordId', recordId, 'before', json(before), 'after', json(after)) AS x FROM AuditEntry au WHERE 1 ${cond} ${w('au.id', 'audit')} ORDER BY au.id`,
};

/**
 * One CSV column as SQL, quoted as csvField in @claimline/core does it (RFC 4180). `n`: a number or id
 * (never needs quotes); `d`: a stored date-time, as ISO 8601 (never needs quotes); `t`: text.
 */
type Col = [kind: 'n' | 'd' | 't' | 'T', expr: string];
// Short texts: instr() is quicker than GLOB; long ones (`T`, source texts): GLOB stops at the first match.
const special = (x: string, long: boolean) =>
  long ? `${x} GLOB '*[,"' || char(10) || char(13) || ']*'` : `(instr(${x}, ',') OR instr(${x}, '"') OR instr(${x}, char(10)) OR instr(${x}, char(13)))`;
function q([kind, x]: Col): string {
  if (kind === 'n') return `coalesce(${x}, '')`;
  if (kind === 'd') return `coalesce(${D(x)}, '')`;
  return `(CASE WHEN ${x} IS NULL THEN '' WHEN ${special(x, kind === 'T')} THEN '"' || replace(${x}, '"', '""') || '"' ELSE ${x} END)`;
}
const line = (cols: Col[]) => `${cols.map(q).join(` || ',' || `)} || char(13, 10)`;
const n = (x: string): Col => ['n', x];
const d = (x: string): Col => ['d', x];
const t = (x: string): Col => ['t', x];
const ids = (json: string, path: string) => `(SELECT group_concat(value, ' ') FROM json_each(${json}, '${path}'))`;
// Asserted participants as participantsOf (@claimline/core) reads them: none unless a list is non-empty;
// `exclusive` only with a non-empty include list.
const HAS_PARTICIPANTS = `(json_type(assertedParticipants) = 'object' AND (coalesce(json_array_length(assertedParticipants, '$.include'), 0) > 0 OR coalesce(json_array_length(assertedParticipants, '$.exclude'), 0) > 0))`;
// Excluded actors that are not also included (participantsOf counts an actor in both lists as included).
const EXCLUDED = `FROM json_each(assertedParticipants, '$.exclude') e WHERE e.value NOT IN (SELECT i.value FROM json_each(assertedParticipants, '$.include') i)`;
const EXCLUDED_JSON = `(SELECT json_group_array(e.value) ${EXCLUDED})`;
const EXCLUDED_IDS = `(SELECT group_concat(e.value, ' ') ${EXCLUDED})`;
const EXCLUSIVE = `(json_extract(assertedParticipants, '$.exclusive') IS 1 AND coalesce(json_array_length(assertedParticipants, '$.include'), 0) > 0)`;

/**
 * Each CSV file of CSV_TABLES as one query, rows in the order the core mapping emits them. Child tables are
 * keyed by their parent (`grouped`): a batch takes whole parents.
 */
const csvSql: Record<string, Rendering & { grouped?: { table: string; set: SliceSet } }> = {
  'users.csv': {
    key: 'id',
    sql: (_w, cond) =>
      `SELECT id AS k, ${line([n('id'), t('name'), t('role'), n('version'), d('createdAt'), d('updatedAt')])} AS x FROM User WHERE 1 ${cond} ORDER BY id`,
  },
  'sources.csv': {
    key: 's.id',
    sql: (w, cond) =>
      `SELECT s.id AS k, ${line([n('id'), t('title'), t('outlet'), n('outletActorId'), t(`coalesce(authors, '[]')`), t('url'), t('language'), t('published'), t('credit'), t('notes'), t('contentHash'), n('revisionOfId'), n('createdById'), n('version'), d('createdAt'), d('updatedAt'), ['T', 'text']])} AS x FROM Source s WHERE 1 ${cond} ${w('s.id', 'source')} ORDER BY s.id`,
  },
  'actors.csv': {
    key: 'a.id',
    sql: (w, cond) =>
      `SELECT a.id AS k, ${line([n('id'), t('name'), t('kind'), t('wikidata'), t('description'), n('mergedIntoId'), n('version'), d('createdAt'), d('updatedAt')])} AS x FROM Actor a WHERE 1 ${cond} ${w('a.id', 'actor')} ORDER BY a.id`,
  },
  'actor_aliases.csv': {
    key: 'x.actorId',
    grouped: { table: 'ActorAlias x', set: 'actor' },
    sql: (w, cond) =>
      `SELECT x.actorId AS k, ${line([n('id'), n('actorId'), t('name'), t('language')])} AS x FROM ActorAlias x WHERE 1 ${cond} ${w('x.actorId', 'actor')} ORDER BY actorId, id`,
  },
  'events.csv': {
    key: 'e.id',
    sql: (w, cond) =>
      `SELECT e.id AS k, ${line([n('id'), t('title'), t('type'), t('date'), t('place'), t('description'), n('parentId'), n('version'), d('createdAt'), d('updatedAt')])} AS x FROM Event e WHERE 1 ${cond} ${w('e.id', 'event')} ORDER BY e.id`,
  },
  'event_participants.csv': {
    key: 'p.eventId',
    grouped: { table: 'EventParticipant p', set: 'event' },
    sql: (w, cond) =>
      `SELECT p.eventId AS k, ${line([n('id'), n('eventId'), n('actorId'), t('role')])} AS x FROM EventParticipant p WHERE 1 ${cond} ${w('p.eventId', 'event')} ORDER BY eventId, id`,
  },
  'claims.csv': {
    key: 'c.id',
    sql: (w, cond) =>
      `SELECT c.id AS k, ${line([n('id'), n('sourceId'), n('start'), n('"end"'), t('quote'), t('prefix'), t('suffix'), n('claimantId'), t('paraphrase'), t('status'), n('createdById'), n('version'), d('createdAt'), d('updatedAt')])} AS x FROM Claim c WHERE 1 ${cond} ${w('c.id', 'claim')} ORDER BY c.id`,
  },
  'attribution_hops.csv': {
    key: 'h.claimId',
    grouped: { table: 'AttributionHop h', set: 'claim' },
    sql: (w, cond) =>
      `SELECT h.claimId AS k, ${line([n('id'), n('claimId'), n('position'), n('actorId'), t('relation')])} AS x FROM AttributionHop h WHERE 1 ${cond} ${w('h.claimId', 'claim')} ORDER BY claimId, position`,
  },
  // Computed columns come from a derived table, so each is evaluated once per row.
  'links.csv': {
    key: 'l.id',
    sql: (
      w,
      cond,
    ) => `SELECT id AS k, ${line([n('id'), n('claimId'), n('eventId'), t('stance'), t('assertedDate'), t('assertedPlace'), t('inc'), t('exc'), t('excl'), n('num'), t('unit'), n('tol'), t('note'), n('version'), d('createdAt'), d('updatedAt')])} AS x
    FROM (SELECT id, claimId, eventId, stance, assertedDate, assertedPlace,
        CASE WHEN ${HAS_PARTICIPANTS} THEN ${ids('assertedParticipants', '$.include')} END AS inc,
        CASE WHEN ${HAS_PARTICIPANTS} THEN ${EXCLUDED_IDS} END AS exc,
        CASE WHEN ${HAS_PARTICIPANTS} THEN (CASE WHEN ${EXCLUSIVE} THEN 'true' ELSE 'false' END) END AS excl,
        CASE WHEN assertedUnit IS NOT NULL THEN assertedNumber END AS num, CASE WHEN assertedNumber IS NOT NULL THEN assertedUnit END AS unit,
        CASE WHEN assertedNumber IS NOT NULL AND assertedUnit IS NOT NULL THEN numberTolerance END AS tol, note, version, createdAt, updatedAt
      FROM Link l WHERE 1 ${cond} ${w('l.id', 'link')} ORDER BY id) ORDER BY id`,
  },
  'disputes.csv': {
    key: 'd.id',
    sql: (
      w,
      cond,
    ) => `SELECT id AS k, ${line([n('id'), n('eventId'), t('kd'), t('status'), t('explanation'), n('supportOrigins'), n('contradictOrigins'), d('openedAt'), d('resolvedAt'), n('resolvedById'), t('rationale'), n('version'), d('updatedAt')])} AS x
    FROM (SELECT *, (SELECT group_concat(value, ' ') FROM json_each(kinds)) AS kd FROM Dispute d WHERE 1 ${cond} ${w('d.id', 'dispute')} ORDER BY id) ORDER BY id`,
  },
  'dispute_claims.csv': {
    key: 'dc.disputeId',
    grouped: { table: 'DisputeClaim dc', set: 'dispute' },
    sql: (w, cond) =>
      `SELECT dc.disputeId AS k, ${line([n('disputeId'), n('claimId'), t('side'), t('origin')])} AS x FROM DisputeClaim dc WHERE 1 ${cond} ${w('dc.disputeId', 'dispute')} ${w('dc.claimId', 'claim')} ORDER BY disputeId, side, claimId`,
  },
  'verdicts.csv': {
    key: 'v.id',
    sql: (w, cond) =>
      `SELECT v.id AS k, ${line([n('id'), n('claimId'), n('disputeId'), t('rating'), t('rationale'), t('evidenceUrl'), n('reviewerId'), n('version'), d('createdAt'), d('updatedAt')])} AS x FROM Verdict v WHERE 1 ${cond} ${w('v.id', 'verdict')} ORDER BY v.id`,
  },
  'audit.csv': {
    key: 'au.id',
    sql: (
      w,
      cond,
    ) => `SELECT id AS k, CASE WHEN recordType = 'user' THEN NULL ELSE ${line([n('id'), d('at'), n('userId'), t('action'), t('recordType'), n('recordId'), t('b'), t('a')])} END AS x, ${AUDIT_RAW}
    FROM (SELECT *, CASE WHEN json_type(before) != 'null' THEN json(before) END AS b, CASE WHEN json_type(after) != 'null' THEN json(after) END AS a FROM AuditEntry au WHERE 1 ${cond} ${w('au.id', 'audit')} ORDER BY id) ORDER BY id`,
  },
};

const COUNTED: Record<Collection, [string, SliceSet | null]> = {
  users: ['User', null],
  sources: ['Source', 'source'],
  actors: ['Actor', 'actor'],
  events: ['Event', 'event'],
  claims: ['Claim', 'claim'],
  links: ['Link', 'link'],
  disputes: ['Dispute', 'dispute'],
  verdicts: ['Verdict', 'verdict'],
  audit: ['AuditEntry', 'audit'],
};

const csvAuditLine = (a: AuditRecord) => csvLine(CSV_TABLES.audit[0]!.rows(a)[0]!);

const idList = (xs: number[]) =>
  xs
    .map((x) => Number(x))
    .filter((x) => Number.isSafeInteger(x))
    .join(',') || 'NULL';

/** Users as accounts (backups): the shareable fields, then email, password hash and the disabled flag. */
const accountQuery: Query<UserRecord> = {
  sql: () => `SELECT ${USER_COLUMNS}, email, passwordHash, disabled FROM User ORDER BY id`,
  map: (r) => ({ ...sharedUser(r), email: r[6] as string, passwordHash: r[7] as string, disabled: Boolean(r[8]) }),
};
const wholeAuditMap = (r: Row): AuditRecord => ({
  id: r[0] as number,
  at: isoInstant(r[1]),
  userId: r[2] as number | null,
  action: r[3] as string,
  recordType: r[4] as string,
  recordId: r[5] as number,
  before: json(r[6]),
  after: json(r[7]),
});

/** Builds the temp tables x_<set>(id) holding the ids of a slice (inside the caller's transaction, for a consistent view). */
export function buildSliceTables(db: Database.Database, slice: ExportSlice): void {
  const since = slice.since ? storedInstant(slice.since) : null;
  const sourceIds = slice.sourceIds?.length ? idList(slice.sourceIds) : null;
  const eventIds = slice.eventIds?.length ? idList(slice.eventIds) : null;
  const onlySince = since !== null && !sourceIds && !eventIds;
  const run = (sql: string, ...params: unknown[]) => db.prepare(sql).run(...params);
  for (const t of ['seed_event', 'source', 'actor', 'event', 'claim', 'link', 'dispute', 'verdict', 'audit']) {
    db.exec(`DROP TABLE IF EXISTS temp.x_${t}; CREATE TEMP TABLE x_${t}(id INTEGER PRIMARY KEY)`);
  }
  if (eventIds) {
    run(
      `INSERT OR IGNORE INTO x_seed_event WITH RECURSIVE d(id) AS (SELECT id FROM Event WHERE id IN (${eventIds}) UNION SELECT e.id FROM Event e JOIN d ON e.parentId = d.id) SELECT id FROM d`,
    );
  }
  // Claims: each filter narrows.
  const claimWhere: string[] = [];
  if (sourceIds) claimWhere.push(`c.sourceId IN (${sourceIds})`);
  if (eventIds) claimWhere.push('EXISTS (SELECT 1 FROM Link l WHERE l.claimId = c.id AND l.eventId IN (SELECT id FROM x_seed_event))');
  if (since) {
    claimWhere.push(`(c.updatedAt >= @since OR EXISTS (SELECT 1 FROM Link l WHERE l.claimId = c.id AND l.updatedAt >= @since)
      OR EXISTS (SELECT 1 FROM Verdict v WHERE v.claimId = c.id AND v.updatedAt >= @since))`);
  }
  db.prepare(`INSERT OR IGNORE INTO x_claim SELECT c.id FROM Claim c WHERE ${claimWhere.join(' AND ') || '1'}`).run(since ? { since } : {});
  run(
    `INSERT OR IGNORE INTO x_link SELECT l.id FROM Link l WHERE l.claimId IN (SELECT id FROM x_claim) ${eventIds ? 'AND l.eventId IN (SELECT id FROM x_seed_event)' : ''}`,
  );
  run('INSERT OR IGNORE INTO x_verdict SELECT v.id FROM Verdict v WHERE v.claimId IN (SELECT id FROM x_claim)');
  // Sources: of the claims, the ones asked for, and (with only --since) the ones changed since; then what they revise.
  run('INSERT OR IGNORE INTO x_source SELECT DISTINCT sourceId FROM Claim WHERE id IN (SELECT id FROM x_claim)');
  if (sourceIds) run(`INSERT OR IGNORE INTO x_source SELECT id FROM Source WHERE id IN (${sourceIds})`);
  if (onlySince) db.prepare('INSERT OR IGNORE INTO x_source SELECT id FROM Source WHERE updatedAt >= ?').run(since);
  run(`INSERT OR IGNORE INTO x_source WITH RECURSIVE r(id) AS (SELECT revisionOfId FROM Source WHERE id IN (SELECT id FROM x_source) AND revisionOfId IS NOT NULL
        UNION SELECT s.revisionOfId FROM Source s JOIN r ON s.id = r.id WHERE s.revisionOfId IS NOT NULL) SELECT id FROM r`);
  // Events: linked, asked for, changed since; those of the verdicts' disputes; then their ancestors.
  run('INSERT OR IGNORE INTO x_event SELECT DISTINCT eventId FROM Link WHERE id IN (SELECT id FROM x_link)');
  run('INSERT OR IGNORE INTO x_event SELECT id FROM x_seed_event');
  if (onlySince) {
    db.prepare('INSERT OR IGNORE INTO x_event SELECT id FROM Event WHERE updatedAt >= ?').run(since);
    db.prepare('INSERT OR IGNORE INTO x_event SELECT eventId FROM Dispute WHERE updatedAt >= ?').run(since);
  }
  run('INSERT OR IGNORE INTO x_event SELECT d.eventId FROM Dispute d JOIN Verdict v ON v.disputeId = d.id WHERE v.id IN (SELECT id FROM x_verdict)');
  run(`INSERT OR IGNORE INTO x_event WITH RECURSIVE p(id) AS (SELECT parentId FROM Event WHERE id IN (SELECT id FROM x_event) AND parentId IS NOT NULL
        UNION SELECT e.parentId FROM Event e JOIN p ON e.id = p.id WHERE e.parentId IS NOT NULL) SELECT id FROM p`);
  run('INSERT OR IGNORE INTO x_dispute SELECT id FROM Dispute WHERE eventId IN (SELECT id FROM x_event)');
  // Actors: every actor an included record names, then the ones they were merged into.
  run('INSERT OR IGNORE INTO x_actor SELECT claimantId FROM Claim WHERE id IN (SELECT id FROM x_claim) AND claimantId IS NOT NULL');
  run('INSERT OR IGNORE INTO x_actor SELECT actorId FROM AttributionHop WHERE claimId IN (SELECT id FROM x_claim)');
  run('INSERT OR IGNORE INTO x_actor SELECT outletActorId FROM Source WHERE id IN (SELECT id FROM x_source) AND outletActorId IS NOT NULL');
  run('INSERT OR IGNORE INTO x_actor SELECT actorId FROM EventParticipant WHERE eventId IN (SELECT id FROM x_event)');
  run(
    `INSERT OR IGNORE INTO x_actor SELECT j.value FROM Link l, json_each(l.assertedParticipants, '$.include') j WHERE l.id IN (SELECT id FROM x_link) AND l.assertedParticipants IS NOT NULL`,
  );
  run(
    `INSERT OR IGNORE INTO x_actor SELECT j.value FROM Link l, json_each(l.assertedParticipants, '$.exclude') j WHERE l.id IN (SELECT id FROM x_link) AND l.assertedParticipants IS NOT NULL`,
  );
  if (onlySince) db.prepare('INSERT OR IGNORE INTO x_actor SELECT id FROM Actor WHERE updatedAt >= ?').run(since);
  run(`INSERT OR IGNORE INTO x_actor WITH RECURSIVE m(id) AS (SELECT mergedIntoId FROM Actor WHERE id IN (SELECT id FROM x_actor) AND mergedIntoId IS NOT NULL
        UNION SELECT a.mergedIntoId FROM Actor a JOIN m ON a.id = m.id WHERE a.mergedIntoId IS NOT NULL) SELECT id FROM m`);
  // Audit: the entries about included records (and, with --since, only recent ones).
  const recordTypes: [string, SliceSet][] = [
    ['source', 'source'],
    ['actor', 'actor'],
    ['event', 'event'],
    ['claim', 'claim'],
    ['link', 'link'],
    ['dispute', 'dispute'],
    ['verdict', 'verdict'],
  ];
  for (const [type, set] of recordTypes) {
    db.prepare(
      `INSERT OR IGNORE INTO x_audit SELECT id FROM AuditEntry WHERE recordType = ? AND recordId IN (SELECT id FROM x_${set}) ${since ? 'AND at >= ?' : ''}`,
    ).run(...(since ? [type, since] : [type]));
  }
}

/**
 * Opens a reader on the SQLite file: its own read-only connection and one read transaction, so every
 * collection comes from the same moment however long the export runs and whatever is written meanwhile.
 */
export function openExportReader(file: string, slice: ExportSlice = {}, options: ReaderOptions = {}): ExportReader {
  const db = new Database(file, { readonly: true, fileMustExist: true, timeout: BUSY_TIMEOUT_MS });
  const sliced = Boolean(slice.sourceIds?.length || slice.eventIds?.length || slice.since);
  const accounts = options.accounts === true;
  const batchRows = options.batchRows;
  if (accounts && sliced) {
    db.close();
    throw new Error('a backup is the whole database: it cannot be sliced');
  }
  try {
    db.exec('BEGIN');
    // The first read fixes the snapshot.
    db.prepare('SELECT count(*) FROM Source').get();
    if (sliced) buildSliceTables(db, slice);
  } catch (e) {
    db.close();
    throw e;
  }
  const where = (column: string, set: SliceSet) => (sliced ? `AND ${column} IN (SELECT id FROM temp.x_${set})` : '');

  function* iterate<R>(sql: string, map: (r: Row) => R): IterableIterator<R> {
    const stmt = db.prepare(sql).raw(true);
    for (const row of stmt.iterate() as IterableIterator<Row>) yield map(row);
  }

  const jsonRendering = (collection: Collection): Rendering =>
    accounts && collection === 'users' ? accountJsonSql : accounts && collection === 'audit' ? wholeAuditJsonSql : jsonSql[collection];

  /**
   * The rows of a rendering, many at a time: SQLite joins each batch (`sep` between rows, `end` after each)
   * and hands it over as one UTF-8 buffer, so nothing is decoded into JavaScript strings and encoded again.
   * A batch holding rows that JavaScript renders (NULL x: audit entries about users) is read again row by row.
   */
  function* batches(
    r: Rendering & { grouped?: { table: string; set: SliceSet } },
    t: string,
    sep: string,
    end: string | null,
    fallback: (row: Row) => string,
    name: string,
  ): IterableIterator<ExportBatch> {
    const size = batchRows ?? (name === 'sources' || name === 'sources.csv' ? 16 : 1000);
    const x = end ? `x || ${end}` : 'x';
    const join = (inner: string) => `SELECT cast(group_concat(${x}, ${sep}) AS BLOB), max(k), count(*), count(*) - count(x) FROM (${inner})`;
    const bounds = r.grouped
      ? db
          .prepare(
            `SELECT max(k) FROM (SELECT ${r.key} AS k FROM ${r.grouped.table} WHERE ${r.key} > ? ${where(r.key, r.grouped.set)} ORDER BY ${r.key} LIMIT ${size})`,
          )
          .pluck()
      : null;
    const range = `AND ${r.key} > ? AND ${r.key} <= ?`;
    const ranged = db.prepare(join(`${r.sql(where, range, t)} LIMIT -1`)).raw(true);
    const next = bounds ? null : db.prepare(join(`${r.sql(where, `AND ${r.key} > ?`, t)} LIMIT ${size}`)).raw(true);
    let perRow: Database.Statement | null = null;
    let lo = -Infinity;
    for (;;) {
      let row: Row;
      if (bounds) {
        const hi = bounds.get(lo) as number | null;
        if (hi === null) return;
        row = ranged.get(lo, hi) as Row;
      } else row = next!.get(lo) as Row;
      const [bytes, hi, rows, js] = row as [Buffer | null, number | null, number, number];
      if (hi === null) return;
      if (js > 0 || !bytes) {
        perRow ??= db.prepare(r.sql(where, range, t)).raw(true);
        const text = (perRow.all(lo, hi) as Row[]).map((row) => (row[1] === null ? fallback(row) : end ? `${row[1] as string}\n` : (row[1] as string)));
        yield { bytes: Buffer.from(end ? text.join('') : text.join(sep === "''" ? '' : ',\n')), rows };
      } else yield { bytes, rows };
      lo = hi;
    }
  }

  return {
    sliced,
    accounts,
    counts() {
      const out = {} as Record<Collection, number>;
      for (const c of COLLECTIONS) {
        const [table, set] = COUNTED[c];
        const sql = sliced && set ? `SELECT count(*) FROM temp.x_${set}` : `SELECT count(*) FROM ${table}`;
        out[c] = (db.prepare(sql).raw(true).get() as [number])[0];
      }
      return out;
    },
    records<C extends Collection>(collection: C) {
      if (accounts && collection === 'users') return iterate(accountQuery.sql(where), accountQuery.map as (r: Row) => RecordOf[C]);
      if (accounts && collection === 'audit') return iterate(queries.audit.sql(where), wholeAuditMap as (r: Row) => RecordOf[C]);
      const q = queries[collection];
      return iterate(q.sql(where), q.map);
    },
    *jsonLines(collection) {
      const r = jsonRendering(collection);
      for (const row of db
        .prepare(r.sql(where, '', ''))
        .raw(true)
        .iterate() as IterableIterator<Row>)
        yield (row[1] as string | null) ?? JSON.stringify(queries.audit.map(row.slice(2)));
    },
    *csvLines(file) {
      const r = csvSql[file];
      if (!r) throw new Error(`no CSV table ${file}`);
      for (const row of db
        .prepare(r.sql(where, '', ''))
        .raw(true)
        .iterate() as IterableIterator<Row>)
        yield (row[1] as string | null) ?? csvAuditLine(queries.audit.map(row.slice(2)));
    },
    jsonBatches(collection, options = {}) {
      const t = options.jsonl ? `'type', '${RECORD_TYPE[collection]}', ` : '';
      const fallback = options.jsonl
        ? (row: Row) => `{"type":${JSON.stringify(RECORD_TYPE.audit)},${JSON.stringify(queries.audit.map(row.slice(2))).slice(1)}\n`
        : (row: Row) => JSON.stringify(queries.audit.map(row.slice(2)));
      return batches(jsonRendering(collection), t, options.jsonl ? "''" : "',' || char(10)", options.jsonl ? 'char(10)' : null, fallback, collection);
    },
    csvBatches(file) {
      const r = csvSql[file];
      if (!r) throw new Error(`no CSV table ${file}`);
      return batches(r, '', "''", null, (row) => csvAuditLine(queries.audit.map(row.slice(2))), file);
    },
    claimsWithLinks() {
      const sql = `SELECT ${CLAIM_COLUMNS},
          (SELECT json_group_array(json_array(eventId, stance)) FROM (SELECT eventId, stance FROM Link l WHERE l.claimId = c.id ${where('l.id', 'link')} ORDER BY l.id))
        FROM Claim c WHERE 1 ${where('c.id', 'claim')} ORDER BY c.id`;
      return iterate(sql, (r) => {
        const claim = claimOf(r) as ClaimWithLinks;
        claim.links = (JSON.parse(r[15] as string) as [number, string][]).map(([eventId, stance]) => ({ eventId, stance }));
        return claim;
      });
    },
    verdictsWithClaims() {
      const sql = `SELECT ${VERDICT_COLUMNS}, ${CLAIM_COLUMNS} FROM Verdict v JOIN Claim c ON c.id = v.claimId WHERE 1 ${where('v.id', 'verdict')} ORDER BY v.id`;
      return iterate(sql, (r) => ({ verdict: verdictOf(r), claim: claimOf(r.slice(10)) }));
    },
    close() {
      try {
        if (db.inTransaction) db.exec('COMMIT');
      } finally {
        db.close();
      }
    },
  };
}

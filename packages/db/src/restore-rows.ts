// The rows a restored record becomes in SQLite (columns, derived values: folded names, date bounds, search
// keys, stored instants), as flat arrays a worker thread can fill and hand over cheaply; and the writer that
// inserts them. Importable without the database driver (the restore's reading thread builds the rows).
// A PostgreSQL build would keep recordRows (its columns are Prisma's) and write them with COPY.
import {
  COLLECTIONS,
  actorSearchKeys,
  assertedToColumns,
  foldName,
  parseEdtf,
  participantIds,
  type Collection,
  type RecordOf,
  type RecordRef,
  type Where,
} from '@claimline/core';
import { storedInstant } from './instant.ts';

export const ROW_TABLES = [
  'Source',
  'Actor',
  'ActorAlias',
  'ActorNameKey',
  'Event',
  'EventParticipant',
  'Claim',
  'AttributionHop',
  'Link',
  'LinkParticipant',
  'Dispute',
  'DisputeClaim',
  'Verdict',
  'AuditEntry',
] as const;
export type RowTable = (typeof ROW_TABLES)[number];

/** Each table's columns, in the order recordRows writes their values. */
export const ROW_COLUMNS: Record<RowTable, readonly string[]> = {
  Source: [
    'id',
    'title',
    'outlet',
    'outletActorId',
    'authors',
    'url',
    'language',
    'published',
    'publishedEarliest',
    'publishedLatest',
    'credit',
    'notes',
    'text',
    'contentHash',
    'revisionOfId',
    'version',
    'createdById',
    'createdAt',
    'updatedAt',
  ],
  Actor: ['id', 'name', 'nameFolded', 'kind', 'wikidata', 'description', 'mergedIntoId', 'version', 'createdAt', 'updatedAt'],
  ActorAlias: ['id', 'actorId', 'name', 'folded', 'language'],
  ActorNameKey: ['actorId', 'key'],
  Event: ['id', 'title', 'type', 'date', 'dateEarliest', 'dateLatest', 'place', 'placeFolded', 'description', 'parentId', 'version', 'createdAt', 'updatedAt'],
  EventParticipant: ['id', 'eventId', 'actorId', 'role'],
  Claim: [
    'id',
    'sourceId',
    'start',
    'end',
    'quote',
    'prefix',
    'suffix',
    'claimantId',
    'paraphrase',
    'status',
    'version',
    'createdById',
    'createdAt',
    'updatedAt',
  ],
  AttributionHop: ['id', 'claimId', 'position', 'actorId', 'relation'],
  Link: [
    'id',
    'claimId',
    'eventId',
    'stance',
    'assertedDate',
    'assertedDateEarliest',
    'assertedDateLatest',
    'assertedPlace',
    'assertedPlaceFolded',
    'assertedParticipants',
    'assertedNumber',
    'assertedUnit',
    'numberTolerance',
    'note',
    'version',
    'createdAt',
    'updatedAt',
  ],
  LinkParticipant: ['actorId', 'linkId'],
  Dispute: [
    'id',
    'eventId',
    'kinds',
    'status',
    'explanation',
    'supportOrigins',
    'contradictOrigins',
    'openedAt',
    'resolvedAt',
    'resolvedById',
    'rationale',
    'version',
    'updatedAt',
  ],
  DisputeClaim: ['disputeId', 'claimId', 'side', 'origin'],
  Verdict: ['id', 'claimId', 'disputeId', 'rating', 'rationale', 'evidenceUrl', 'reviewerId', 'version', 'createdAt', 'updatedAt'],
  AuditEntry: ['id', 'at', 'userId', 'action', 'recordType', 'recordId', 'before', 'after'],
};

const T = Object.fromEntries(ROW_TABLES.map((t, i) => [t, i])) as Record<RowTable, number>;

/**
 * The child rows of a record that stand for an element of one of its arrays (`.aliases[i]`, …): where a
 * problem with the i-th such row of a record is in the file.
 */
export const ROW_ELEMENT: Partial<Record<RowTable, string>> = {
  ActorAlias: 'aliases',
  EventParticipant: 'participants',
  AttributionHop: 'chain',
  DisputeClaim: 'claims',
};

/** The references a row's foreign keys enforce: [column index, target, field], in recordRefs' order. */
const ROW_REFS: Partial<Record<RowTable, readonly (readonly [number, Collection, string])[]>> = {
  Claim: [
    [1, 'sources', 'sourceId'],
    [7, 'actors', 'claimantId'],
  ],
  AttributionHop: [[3, 'actors', 'actorId']],
  Link: [
    [1, 'claims', 'claimId'],
    [2, 'events', 'eventId'],
  ],
  Dispute: [[1, 'events', 'eventId']],
  DisputeClaim: [[1, 'claims', 'claimId']],
  Verdict: [
    [1, 'claims', 'claimId'],
    [2, 'disputes', 'disputeId'],
  ],
};

/**
 * From this collection on, records name only records of the collections before them: their references are
 * the foreign keys' to check as each row is written (the ledger looks up only those no key enforces).
 */
export const KEYS_CHECK_REFERENCES_FROM = COLLECTIONS.indexOf('claims');

/** Rows in flat arrays: each row's table (its index in ROW_TABLES), and all rows' values one after another. */
export interface Rows {
  tables: number[];
  values: unknown[];
}

const instantOrNull = (v: string | null | undefined) => (v ? storedInstant(v) : null);
const bounds = (value: string | null, field: string) => (value ? parseEdtf(value, field) : { value: null, earliest: null, latest: null });

/**
 * Appends the rows of one record (not a user: whether a user is written depends on the database) to `out`:
 * the record's own row first, then its children. Returns how many rows.
 */
export function recordRows(collection: Exclude<Collection, 'users'>, r: RecordOf[Collection], out: Rows): number {
  const { tables, values } = out;
  const first = tables.length;
  const v0 = values.length;
  switch (collection) {
    case 'sources': {
      const s = r as RecordOf['sources'];
      const p = bounds(s.published, 'published');
      tables.push(T.Source);
      values.push(
        s.id,
        s.title,
        s.outlet,
        s.outletActorId,
        JSON.stringify(s.authors),
        s.url,
        s.language,
        p.value,
        p.earliest,
        p.latest,
        s.credit,
        s.notes,
        s.text,
        s.contentHash,
        s.revisionOfId,
        s.version,
        s.createdById,
        storedInstant(s.createdAt),
        storedInstant(s.updatedAt),
      );
      break;
    }
    case 'actors': {
      const a = r as RecordOf['actors'];
      tables.push(T.Actor);
      values.push(
        a.id,
        a.name,
        foldName(a.name),
        a.kind,
        a.wikidata,
        a.description,
        a.mergedIntoId,
        a.version,
        storedInstant(a.createdAt),
        storedInstant(a.updatedAt),
      );
      for (const x of a.aliases) {
        tables.push(T.ActorAlias);
        values.push(x.id, a.id, x.name, foldName(x.name), x.language);
      }
      for (const key of actorSearchKeys(a)) {
        tables.push(T.ActorNameKey);
        values.push(a.id, key);
      }
      break;
    }
    case 'events': {
      const e = r as RecordOf['events'];
      const d = bounds(e.date, 'date');
      tables.push(T.Event);
      values.push(
        e.id,
        e.title,
        e.type,
        d.value,
        d.earliest,
        d.latest,
        e.place,
        e.place ? foldName(e.place) : null,
        e.description,
        e.parentId,
        e.version,
        storedInstant(e.createdAt),
        storedInstant(e.updatedAt),
      );
      for (const p of e.participants) {
        tables.push(T.EventParticipant);
        values.push(p.id, e.id, p.actorId, p.role);
      }
      break;
    }
    case 'claims': {
      const c = r as RecordOf['claims'];
      const [pos, q] = c.selectors;
      tables.push(T.Claim);
      values.push(
        c.id,
        c.sourceId,
        pos.start,
        pos.end,
        q.exact,
        q.prefix,
        q.suffix,
        c.claimantId,
        c.paraphrase,
        c.status,
        c.version,
        c.createdById,
        storedInstant(c.createdAt),
        storedInstant(c.updatedAt),
      );
      c.chain.forEach((h, position) => {
        tables.push(T.AttributionHop);
        values.push(h.id, c.id, position, h.actorId, h.relation);
      });
      break;
    }
    case 'links': {
      const l = r as RecordOf['links'];
      const a = assertedToColumns(l.asserted);
      tables.push(T.Link);
      values.push(
        l.id,
        l.claimId,
        l.eventId,
        l.stance,
        a.assertedDate,
        a.assertedDateEarliest,
        a.assertedDateLatest,
        a.assertedPlace,
        a.assertedPlaceFolded,
        a.assertedParticipants ? JSON.stringify(a.assertedParticipants) : null,
        a.assertedNumber,
        a.assertedUnit,
        a.numberTolerance,
        l.note,
        l.version,
        storedInstant(l.createdAt),
        storedInstant(l.updatedAt),
      );
      // Derived, like the services write it: the actors the link names, for lookups by actor (merges).
      for (const actorId of participantIds(a.assertedParticipants)) {
        tables.push(T.LinkParticipant);
        values.push(actorId, l.id);
      }
      break;
    }
    case 'disputes': {
      const d = r as RecordOf['disputes'];
      tables.push(T.Dispute);
      values.push(
        d.id,
        d.eventId,
        JSON.stringify(d.kinds),
        d.status,
        d.explanation,
        d.supportOrigins,
        d.contradictOrigins,
        storedInstant(d.openedAt),
        instantOrNull(d.resolvedAt),
        d.resolvedById,
        d.rationale,
        d.version,
        storedInstant(d.updatedAt),
      );
      for (const c of d.claims) {
        tables.push(T.DisputeClaim);
        values.push(d.id, c.claimId, c.side, c.origin);
      }
      break;
    }
    case 'verdicts': {
      const v = r as RecordOf['verdicts'];
      tables.push(T.Verdict);
      values.push(
        v.id,
        v.claimId,
        v.disputeId,
        v.rating,
        v.rationale,
        v.evidenceUrl,
        v.reviewerId,
        v.version,
        storedInstant(v.createdAt),
        storedInstant(v.updatedAt),
      );
      break;
    }
    case 'audit': {
      const a = r as RecordOf['audit'];
      tables.push(T.AuditEntry);
      values.push(
        a.id,
        storedInstant(a.at),
        a.userId,
        a.action,
        a.recordType,
        a.recordId,
        a.before === null || a.before === undefined ? null : JSON.stringify(a.before),
        a.after === null || a.after === undefined ? null : JSON.stringify(a.after),
      );
      break;
    }
  }
  // SQLite's values: booleans as 0 and 1, absent values null.
  for (let i = v0; i < values.length; i++) {
    const v = values[i];
    if (v === undefined) values[i] = null;
    else if (typeof v === 'boolean') values[i] = v ? 1 : 0;
  }
  return tables.length - first;
}

/** The references row `values` of `table` makes through its foreign keys, at `where` (the row's place in the file). */
export function rowRefs(table: RowTable, values: readonly unknown[], where: Where): RecordRef[] {
  const out: RecordRef[] = [];
  for (const [column, target, field] of ROW_REFS[table] ?? []) {
    const id = values[column];
    if (id !== null && id !== undefined) out.push({ target, id: id as number, where: { ...where, path: `${where.path}.${field}` }, enforced: true });
  }
  return out;
}

/** A row of `table` as an object (its columns' names), for messages about it. */
export function rowObject(table: RowTable, values: readonly unknown[]): Record<string, unknown> {
  return Object.fromEntries(ROW_COLUMNS[table].map((c, i) => [c, values[i]]));
}

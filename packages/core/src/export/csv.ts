// The CSV export: one RFC 4180 file per table, flat columns, ids to join on. Nested lists of the JSON
// records (aliases, participants, attribution chains, dispute claims) become files of their own.
import type { Collection, RecordOf } from './records.ts';

/** One field, quoted when it must be (RFC 4180: comma, quote, CR or LF), quotes doubled. Null is empty. */
export function csvField(value: unknown): string {
  if (value === null || value === undefined) return '';
  const s =
    typeof value === 'string'
      ? value
      : typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint'
        ? String(value)
        : (JSON.stringify(value) ?? '');
  if (s === '') return '';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 44 || c === 34 || c === 10 || c === 13) return '"' + s.replace(/"/g, '""') + '"';
  }
  return s;
}

/** One record line, CRLF-terminated as RFC 4180 says. */
export function csvLine(values: readonly unknown[]): string {
  let out = '';
  for (let i = 0; i < values.length; i++) out += (i ? ',' : '') + csvField(values[i]);
  return out + '\r\n';
}

export interface CsvTable<R> {
  /** File name inside the folder or zip. */
  file: string;
  columns: readonly string[];
  /** The rows one record contributes (one for a flat table, any number for a child table). */
  rows: (record: R) => unknown[][];
}

const json = (v: unknown) => (v === null || v === undefined ? null : JSON.stringify(v));
const ids = (xs: number[] | undefined) => (xs && xs.length ? xs.join(' ') : null);

/** For each collection, the CSV tables its records fill. */
export const CSV_TABLES: { [C in Collection]: CsvTable<RecordOf[C]>[] } = {
  users: [
    {
      file: 'users.csv',
      columns: ['id', 'name', 'role', 'version', 'createdAt', 'updatedAt'],
      rows: (u) => [[u.id, u.name, u.role, u.version, u.createdAt, u.updatedAt]],
    },
  ],
  sources: [
    {
      file: 'sources.csv',
      columns: [
        'id',
        'title',
        'outlet',
        'outletActorId',
        'authors',
        'url',
        'language',
        'published',
        'credit',
        'notes',
        'contentHash',
        'revisionOfId',
        'createdById',
        'version',
        'createdAt',
        'updatedAt',
        'text',
      ],
      rows: (s) => [
        [
          s.id,
          s.title,
          s.outlet,
          s.outletActorId,
          JSON.stringify(s.authors),
          s.url,
          s.language,
          s.published,
          s.credit,
          s.notes,
          s.contentHash,
          s.revisionOfId,
          s.createdById,
          s.version,
          s.createdAt,
          s.updatedAt,
          s.text,
        ],
      ],
    },
  ],
  actors: [
    {
      file: 'actors.csv',
      columns: ['id', 'name', 'kind', 'wikidata', 'description', 'mergedIntoId', 'version', 'createdAt', 'updatedAt'],
      rows: (a) => [[a.id, a.name, a.kind, a.wikidata, a.description, a.mergedIntoId, a.version, a.createdAt, a.updatedAt]],
    },
    { file: 'actor_aliases.csv', columns: ['id', 'actorId', 'name', 'language'], rows: (a) => a.aliases.map((x) => [x.id, a.id, x.name, x.language]) },
  ],
  events: [
    {
      file: 'events.csv',
      columns: ['id', 'title', 'type', 'date', 'place', 'description', 'parentId', 'version', 'createdAt', 'updatedAt'],
      rows: (e) => [[e.id, e.title, e.type, e.date, e.place, e.description, e.parentId, e.version, e.createdAt, e.updatedAt]],
    },
    { file: 'event_participants.csv', columns: ['id', 'eventId', 'actorId', 'role'], rows: (e) => e.participants.map((p) => [p.id, e.id, p.actorId, p.role]) },
  ],
  claims: [
    {
      file: 'claims.csv',
      columns: [
        'id',
        'sourceId',
        'start',
        'end',
        'exact',
        'prefix',
        'suffix',
        'claimantId',
        'paraphrase',
        'status',
        'createdById',
        'version',
        'createdAt',
        'updatedAt',
      ],
      rows: (c) => {
        const [pos, quote] = c.selectors;
        return [
          [
            c.id,
            c.sourceId,
            pos.start,
            pos.end,
            quote.exact,
            quote.prefix,
            quote.suffix,
            c.claimantId,
            c.paraphrase,
            c.status,
            c.createdById,
            c.version,
            c.createdAt,
            c.updatedAt,
          ],
        ];
      },
    },
    {
      file: 'attribution_hops.csv',
      columns: ['id', 'claimId', 'position', 'actorId', 'relation'],
      rows: (c) => c.chain.map((h, i) => [h.id, c.id, i, h.actorId, h.relation]),
    },
  ],
  links: [
    {
      file: 'links.csv',
      columns: [
        'id',
        'claimId',
        'eventId',
        'stance',
        'assertedDate',
        'assertedPlace',
        'assertedParticipantsInclude',
        'assertedParticipantsExclude',
        'assertedParticipantsExclusive',
        'assertedNumber',
        'assertedUnit',
        'numberTolerance',
        'note',
        'version',
        'createdAt',
        'updatedAt',
      ],
      rows: (l) => {
        const a = l.asserted;
        return [
          [
            l.id,
            l.claimId,
            l.eventId,
            l.stance,
            a.date,
            a.place,
            ids(a.participants?.include),
            ids(a.participants?.exclude),
            a.participants ? String(a.participants.exclusive) : null,
            a.number?.value,
            a.number?.unit,
            a.number?.tolerance,
            l.note,
            l.version,
            l.createdAt,
            l.updatedAt,
          ],
        ];
      },
    },
  ],
  disputes: [
    {
      file: 'disputes.csv',
      columns: [
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
      rows: (d) => [
        [
          d.id,
          d.eventId,
          d.kinds.join(' '),
          d.status,
          d.explanation,
          d.supportOrigins,
          d.contradictOrigins,
          d.openedAt,
          d.resolvedAt,
          d.resolvedById,
          d.rationale,
          d.version,
          d.updatedAt,
        ],
      ],
    },
    { file: 'dispute_claims.csv', columns: ['disputeId', 'claimId', 'side', 'origin'], rows: (d) => d.claims.map((c) => [d.id, c.claimId, c.side, c.origin]) },
  ],
  verdicts: [
    {
      file: 'verdicts.csv',
      columns: ['id', 'claimId', 'disputeId', 'rating', 'rationale', 'evidenceUrl', 'reviewerId', 'version', 'createdAt', 'updatedAt'],
      rows: (v) => [[v.id, v.claimId, v.disputeId, v.rating, v.rationale, v.evidenceUrl, v.reviewerId, v.version, v.createdAt, v.updatedAt]],
    },
  ],
  audit: [
    {
      file: 'audit.csv',
      columns: ['id', 'at', 'userId', 'action', 'recordType', 'recordId', 'before', 'after'],
      rows: (a) => [[a.id, a.at, a.userId, a.action, a.recordType, a.recordId, json(a.before), json(a.after)]],
    },
  ],
};

// Events' hand-written SQL: the page of an event list in date order, the timeline's buckets and window.
// Every statement binds a fixed number of parameters, whatever the data (lists of ids travel as one JSON array).
// SQLite-specific: json_each (PostgreSQL: unnest of an int[]), the fts_event MATCH subquery (tsvector), instr
// (strpos), row values and max(a, b) as a scalar (greatest). A PostgreSQL port changes this file only.
import { Prisma } from '../generated/prisma/client.ts';
import type { Tx } from '../client.ts';

/** What an event list or the timeline is filtered by; dates are ISO days ('YYYY-MM-DD'). */
export interface EventFilter {
  /** Events whose dates reach this day or later (an open end reaches every day). */
  from?: string | null;
  /** Events whose dates begin on or before this day (an open start begins before every day). */
  to?: string | null;
  actorId?: number;
  /** A folded place name (foldName): events whose folded place contains it. */
  placeFolded?: string;
  /** An FTS5 expression over the events' title, place and description. */
  match?: string;
}

const OPEN_DISPUTE = Prisma.sql`EXISTS (SELECT 1 FROM "Dispute" d WHERE d."eventId" = e.id AND d.status = 'open')`;

/** Filters that do not depend on dates. Each is a subquery on its own index, so a page of matches is sorted, not the table scanned. */
function contentConditions(f: EventFilter): Prisma.Sql[] {
  const where: Prisma.Sql[] = [];
  if (f.actorId !== undefined) where.push(Prisma.sql`e.id IN (SELECT p."eventId" FROM "EventParticipant" p WHERE p."actorId" = ${f.actorId})`);
  if (f.placeFolded !== undefined) where.push(Prisma.sql`e.id IN (SELECT x.id FROM "Event" x WHERE instr(x."placeFolded", ${f.placeFolded}) > 0)`);
  if (f.match !== undefined) where.push(Prisma.sql`e.id IN (SELECT rowid FROM fts_event WHERE fts_event MATCH ${f.match})`);
  return where;
}

const hasContent = (f: EventFilter) => f.actorId !== undefined || f.placeFolded !== undefined || f.match !== undefined;

/**
 * Events with a start date that overlap [from, to]. An event ends on or after its start, so one starting on or
 * after `from` reaches it; the index on (dateEarliest, id, dateLatest) answers the rest without reading rows.
 */
function datedConditions(f: EventFilter): Prisma.Sql[] {
  const where = [Prisma.sql`e."dateEarliest" IS NOT NULL`];
  if (f.from) where.push(Prisma.sql`(e."dateEarliest" >= ${f.from} OR e."dateLatest" >= ${f.from} OR e."dateLatest" IS NULL)`);
  if (f.to) where.push(Prisma.sql`e."dateEarliest" <= ${f.to}`);
  return [...where, ...contentConditions(f)];
}

/** Events without a start date: an open start overlaps every range up to its end; with neither end, no range. */
function undatedConditions(f: EventFilter): Prisma.Sql[] {
  const where = [Prisma.sql`e."dateEarliest" IS NULL`];
  if (f.from) where.push(Prisma.sql`e."dateLatest" >= ${f.from}`);
  else if (f.to) where.push(Prisma.sql`e."dateLatest" IS NOT NULL`);
  return [...where, ...contentConditions(f)];
}

const and = (where: Prisma.Sql[]) => Prisma.join(where, ' AND ');
const ids = (rows: { id: number | bigint }[]) => rows.map((r) => Number(r.id));

export interface EventPageOptions {
  /** 'date': earliest first; '-date': latest first. Undated events follow in either direction, by id. */
  sort: 'date' | '-date';
  limit: number;
  /** The last event of the previous page (keyset). */
  after?: { id: number; dateEarliest: string | null } | null;
}

/**
 * The ids of one page of events in date order. Dated and undated events are two reads, each in the order of the
 * index on (dateEarliest, id), so a page costs what its rows cost rather than a sort of every event.
 */
export async function eventPageIds(tx: Tx, filter: EventFilter, { sort, limit, after }: EventPageOptions): Promise<number[]> {
  const dir = Prisma.raw(sort === 'date' ? 'ASC' : 'DESC');
  const cmp = Prisma.raw(sort === 'date' ? '>' : '<');
  const out: number[] = [];
  if (!after || after.dateEarliest !== null) {
    const where = datedConditions(filter);
    if (after) where.push(Prisma.sql`(e."dateEarliest", e.id) ${cmp} (${after.dateEarliest}, ${after.id})`);
    out.push(
      ...ids(
        await tx.$queryRaw<
          { id: number | bigint }[]
        >`SELECT e.id FROM "Event" e WHERE ${and(where)} ORDER BY e."dateEarliest" ${dir}, e.id ${dir} LIMIT ${limit}`,
      ),
    );
  }
  if (out.length < limit) {
    const where = undatedConditions(filter);
    if (after?.dateEarliest === null) where.push(Prisma.sql`e.id ${cmp} ${after.id}`);
    out.push(
      ...ids(await tx.$queryRaw<{ id: number | bigint }[]>`SELECT e.id FROM "Event" e WHERE ${and(where)} ORDER BY e.id ${dir} LIMIT ${limit - out.length}`),
    );
  }
  return out;
}

/** How many links each of these events has (events without links are left out). */
export async function eventLinkCounts(tx: Tx, eventIds: number[]): Promise<Map<number, number>> {
  if (!eventIds.length) return new Map();
  const rows = await tx.$queryRaw<{ eventId: number | bigint; n: number | bigint }[]>`
    SELECT l."eventId", count(*) AS n FROM "Link" l WHERE l."eventId" IN (SELECT value FROM json_each(${JSON.stringify(eventIds)})) GROUP BY l."eventId"`;
  return new Map(rows.map((r) => [Number(r.eventId), Number(r.n)]));
}

/** The first and last start day of the matching dated events (null when none has a date). */
export async function eventStartRange(tx: Tx, filter: EventFilter): Promise<{ first: string | null; last: string | null }> {
  const where = and(datedConditions(filter));
  const [row] = await tx.$queryRaw<{ first: string | null; last: string | null }[]>`
    SELECT (SELECT e."dateEarliest" FROM "Event" e WHERE ${where} ORDER BY e."dateEarliest" ASC LIMIT 1) AS first,
           (SELECT e."dateEarliest" FROM "Event" e WHERE ${where} ORDER BY e."dateEarliest" DESC LIMIT 1) AS last`;
  return { first: row?.first ?? null, last: row?.last ?? null };
}

export interface BucketCount {
  count: number;
  /** Of which have an open dispute. */
  disputed: number;
}

/**
 * Matching dated events counted per bucket, by start day. `buckets` are [start, exclusive end] in order (null: no
 * end), all `keyLength` characters of an ISO day long as keys; an event starting before the first bucket (it reaches
 * into the range) counts in the first. Without content filters each bucket is a count over a range of the date
 * index (no rows read); with them, the matches are grouped by the prefix of their start day.
 */
export async function eventBucketCounts(tx: Tx, filter: EventFilter, buckets: [string, string | null][], keyLength: number): Promise<BucketCount[]> {
  if (!buckets.length) return [];
  const dated = and(datedConditions(filter));
  if (!hasContent(filter)) {
    const bounds = JSON.stringify(buckets.map(([start, end], i) => [i === 0 ? '' : start, end ?? '~']));
    const rows = await tx.$queryRaw<{ count: number | bigint; disputed: number | bigint }[]>`
      SELECT (SELECT count(*) FROM "Event" e WHERE ${dated} AND e."dateEarliest" >= b.value ->> 0 AND e."dateEarliest" < b.value ->> 1) AS count,
             (SELECT count(*) FROM "Event" e WHERE ${dated} AND e."dateEarliest" >= b.value ->> 0 AND e."dateEarliest" < b.value ->> 1 AND ${OPEN_DISPUTE}) AS disputed
        FROM json_each(${bounds}) b ORDER BY b.key`;
    return rows.map((r) => ({ count: Number(r.count), disputed: Number(r.disputed) }));
  }
  const first = buckets[0]![0];
  const rows = await tx.$queryRaw<{ k: string; count: number | bigint; disputed: number | bigint }[]>`
    SELECT substr(max(e."dateEarliest", ${first}), 1, ${keyLength}) AS k, count(*) AS count, sum(${OPEN_DISPUTE}) AS disputed
      FROM "Event" e WHERE ${dated} GROUP BY k`;
  const byKey = new Map(rows.map((r) => [r.k, { count: Number(r.count), disputed: Number(r.disputed) }]));
  return buckets.map(([start]) => byKey.get(start.slice(0, keyLength)) ?? { count: 0, disputed: 0 });
}

/** Matching events without a start date. */
export async function eventUndatedCount(tx: Tx, filter: EventFilter): Promise<BucketCount> {
  const [row] = await tx.$queryRaw<{ count: number | bigint; disputed: number | bigint | null }[]>`
    SELECT count(*) AS count, sum(${OPEN_DISPUTE}) AS disputed FROM "Event" e WHERE ${and(undatedConditions(filter))}`;
  return { count: Number(row?.count ?? 0), disputed: Number(row?.disputed ?? 0) };
}

export interface TimelineRow {
  id: number;
  title: string;
  type: string;
  date: string | null;
  earliest: string | null;
  latest: string | null;
  place: string | null;
  parentId: number | null;
  disputed: boolean;
  participants: { actorId: number; name: string; role: string }[];
}

/** What the timeline draws of each of these events (in the order given), participants in the order they were added. */
export async function timelineRows(tx: Tx, eventIds: number[]): Promise<TimelineRow[]> {
  if (!eventIds.length) return [];
  const json = JSON.stringify(eventIds);
  const events = await tx.$queryRaw<
    {
      id: number | bigint;
      title: string;
      type: string;
      date: string | null;
      earliest: string | null;
      latest: string | null;
      place: string | null;
      parentId: number | bigint | null;
      disputed: number | bigint | null;
    }[]
  >`SELECT e.id, e.title, e.type, e.date, e."dateEarliest" AS earliest, e."dateLatest" AS latest, e.place, e."parentId", d.status = 'open' AS disputed
      FROM "Event" e LEFT JOIN "Dispute" d ON d."eventId" = e.id WHERE e.id IN (SELECT value FROM json_each(${json}))`;
  const participants = await tx.$queryRaw<{ eventId: number | bigint; actorId: number | bigint; name: string; role: string }[]>`
    SELECT p."eventId", p."actorId", a.name, p.role FROM "EventParticipant" p JOIN "Actor" a ON a.id = p."actorId"
     WHERE p."eventId" IN (SELECT value FROM json_each(${json})) ORDER BY p.id`;
  const byEvent = new Map<number, TimelineRow['participants']>();
  for (const p of participants) {
    const list = byEvent.get(Number(p.eventId)) ?? [];
    list.push({ actorId: Number(p.actorId), name: p.name, role: p.role });
    byEvent.set(Number(p.eventId), list);
  }
  const byId = new Map(
    events.map((e) => [
      Number(e.id),
      {
        id: Number(e.id),
        title: e.title,
        type: e.type,
        date: e.date,
        earliest: e.earliest,
        latest: e.latest,
        place: e.place,
        parentId: e.parentId === null ? null : Number(e.parentId),
        disputed: Number(e.disputed ?? 0) === 1,
        participants: byEvent.get(Number(e.id)) ?? [],
      },
    ]),
  );
  return eventIds.flatMap((id) => byId.get(id) ?? []);
}

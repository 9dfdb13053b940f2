// Events' hand-written SQL: the page of an event list in date order, the timeline's buckets and window.
// Every statement binds a fixed number of parameters, whatever the data (lists of ids travel as one JSON array).
// Written for both engines; where they differ (isPg, from engineOf): a JSON array's elements (json_each /
// jsonb_array_elements), the full-text filter (fts_event MATCH / the tsvector column), instr / strpos, the scalar
// max(a, b) / greatest, and casts of integer parameters PostgreSQL cannot infer.
import { Prisma } from '../generated/prisma/client.ts';
import { engineOf, ported, type Tx } from '../client.ts';
import { isoInstant } from '../export-reader.ts';
import { sqlReader } from './read.ts';
import { tsQueryText } from './search.ts';

const isPg = (tx: Tx) => engineOf(tx) === 'postgresql';

/** The integers of a JSON array (one bound parameter), as a subquery's rows. */
const jsonIds = (tx: Tx, json: string) =>
  isPg(tx) ? Prisma.sql`SELECT (jsonb_array_elements_text(CAST(${json} AS jsonb)))::int AS value` : Prisma.sql`SELECT value FROM json_each(${json})`;

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

/** Filters that do not depend on dates. Each is a subquery on its own index, so a page of matches is sorted, not the table scanned. */
function contentConditions(pg: boolean, f: EventFilter): Prisma.Sql[] {
  const where: Prisma.Sql[] = [];
  if (f.actorId !== undefined) where.push(Prisma.sql`e.id IN (SELECT p."eventId" FROM "EventParticipant" p WHERE p."actorId" = ${f.actorId})`);
  if (f.placeFolded !== undefined) {
    const found = pg ? Prisma.sql`strpos(x."placeFolded", ${f.placeFolded})` : Prisma.sql`instr(x."placeFolded", ${f.placeFolded})`;
    where.push(Prisma.sql`e.id IN (SELECT x.id FROM "Event" x WHERE ${found} > 0)`);
  }
  if (f.match !== undefined) {
    where.push(
      pg
        ? Prisma.sql`e.id IN (SELECT x.id FROM "Event" x WHERE x.search @@ to_tsquery('claimline', ${tsQueryText(f.match)}))`
        : Prisma.sql`e.id IN (SELECT rowid FROM fts_event WHERE fts_event MATCH ${f.match})`,
    );
  }
  return where;
}

const hasContent = (f: EventFilter) => f.actorId !== undefined || f.placeFolded !== undefined || f.match !== undefined;

/**
 * Events with a start date that overlap [from, to]. An event ends on or after its start, so one starting on or
 * after `from` reaches it; the index on (dateEarliest, id, dateLatest) answers the rest without reading rows.
 */
function datedConditions(pg: boolean, f: EventFilter): Prisma.Sql[] {
  const where = [Prisma.sql`e."dateEarliest" IS NOT NULL`];
  if (f.from) where.push(Prisma.sql`(e."dateEarliest" >= ${f.from} OR e."dateLatest" >= ${f.from} OR e."dateLatest" IS NULL)`);
  if (f.to) where.push(Prisma.sql`e."dateEarliest" <= ${f.to}`);
  return [...where, ...contentConditions(pg, f)];
}

/** Events without a start date: an open start overlaps every range up to its end; with neither end, no range. */
function undatedConditions(pg: boolean, f: EventFilter): Prisma.Sql[] {
  const where = [Prisma.sql`e."dateEarliest" IS NULL`];
  if (f.from) where.push(Prisma.sql`e."dateLatest" >= ${f.from}`);
  else if (f.to) where.push(Prisma.sql`e."dateLatest" IS NOT NULL`);
  return [...where, ...contentConditions(pg, f)];
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
 * How many dated events reach `from` from before it (start before it, end on or after it or never): those that
 * started before it minus those that ended before it, summed over the days of EventDayCount before `from`.
 */
async function eventsReaching(tx: Tx, from: string): Promise<number> {
  const [row] = await sqlReader(tx)<{ n: number | bigint }[]>`
    SELECT coalesce(sum(c.starts - c.ends), 0) AS n FROM "EventDayCount" c WHERE c.day < ${from}`;
  return Number(row?.n ?? 0);
}

/**
 * The ids of one page of events in date order. Dated and undated events are two reads, each in the order of the
 * index on (dateEarliest, id), so a page costs what its rows cost rather than a sort of every event. With a start
 * bound and no content filter, the dated events are read in two parts: those starting in the range (a range of the
 * index), and those reaching into it from before, read back from `from` until all of them (counted in EventDayCount)
 * are found, rather than every event before the range checked for its end.
 */
export const eventPageIds = ported(async function eventPageIds(tx: Tx, filter: EventFilter, { sort, limit, after }: EventPageOptions): Promise<number[]> {
  const dir = Prisma.raw(sort === 'date' ? 'ASC' : 'DESC');
  const cmp = Prisma.raw(sort === 'date' ? '>' : '<');
  const out: number[] = [];
  const page = async (where: Prisma.Sql[]) => {
    if (out.length >= limit) return;
    out.push(
      ...ids(
        await sqlReader(tx)<
          { id: number | bigint }[]
        >`SELECT e.id FROM "Event" e WHERE ${and(where)} ORDER BY e."dateEarliest" ${dir}, e.id ${dir} LIMIT ${limit - out.length}`,
      ),
    );
  };
  if (!after || after.dateEarliest !== null) {
    const keyset = after ? [Prisma.sql`(e."dateEarliest", e.id) ${cmp} (${after.dateEarliest}, ${after.id})`] : [];
    const from = filter.from;
    if (!from || hasContent(filter)) await page([...datedConditions(isPg(tx), filter), ...keyset]);
    else {
      const to = filter.to ? [Prisma.sql`e."dateEarliest" <= ${filter.to}`] : [];
      const starting = [Prisma.sql`e."dateEarliest" >= ${from}`, ...to, ...keyset];
      const reachingIn = async () => {
        if (out.length >= limit) return;
        const reaching = await eventsReaching(tx, from);
        if (!reaching) return;
        const where = [Prisma.sql`e."dateEarliest" < ${from}`, Prisma.sql`(e."dateLatest" >= ${from} OR e."dateLatest" IS NULL)`, ...to, ...keyset];
        out.push(
          ...ids(
            await sqlReader(tx)<{ id: number | bigint }[]>`
              SELECT id FROM (SELECT e.id, e."dateEarliest" AS d FROM "Event" e WHERE ${and(where)} ORDER BY e."dateEarliest" DESC, e.id DESC LIMIT ${reaching}) r
               ORDER BY d ${dir}, id ${dir} LIMIT ${limit - out.length}`,
          ),
        );
      };
      // Those reaching in come first in date order (last, latest first); a cursor on either side skips the other.
      const afterInRange = !!after && after.dateEarliest !== null && after.dateEarliest >= from;
      if (sort === 'date') {
        if (!afterInRange) await reachingIn();
        await page(starting);
      } else {
        if (!after || afterInRange) await page(starting);
        await reachingIn();
      }
    }
  }
  if (out.length < limit) {
    const where = undatedConditions(isPg(tx), filter);
    if (after?.dateEarliest === null) where.push(Prisma.sql`e.id ${cmp} ${after.id}`);
    out.push(
      ...ids(await sqlReader(tx)<{ id: number | bigint }[]>`SELECT e.id FROM "Event" e WHERE ${and(where)} ORDER BY e.id ${dir} LIMIT ${limit - out.length}`),
    );
  }
  return out;
});

type Id = number | bigint;
const num = (v: Id) => Number(v);
/** The adapter reads DATETIME columns as Dates; anything else as Prisma stores it. */
const instant = (v: unknown) => (v instanceof Date ? v : new Date(isoInstant(v)));

/** The participants of these events with the actor's name and kind, in the order they were added. */
async function participantsOf(tx: Tx, json: string) {
  const rows = await sqlReader(tx)<{ eventId: Id; actorId: Id; role: string; name: string; kind: string }[]>`
    SELECT p."eventId", p."actorId", p.role, a.name, a.kind FROM "EventParticipant" p JOIN "Actor" a ON a.id = p."actorId"
     WHERE p."eventId" IN (${jsonIds(tx, json)}) ORDER BY p.id`;
  const byEvent = new Map<number, typeof rows>();
  for (const r of rows) {
    const list = byEvent.get(num(r.eventId));
    if (list) list.push(r);
    else byEvent.set(num(r.eventId), [r]);
  }
  return byEvent;
}

export interface EventListRow {
  id: number;
  title: string;
  type: string;
  date: string | null;
  dateEarliest: string | null;
  dateLatest: string | null;
  place: string | null;
  description: string | null;
  parentId: number | null;
  version: number;
  createdAt: Date;
  updatedAt: Date;
  participants: { actorId: number; role: string; actor: { name: string; kind: string } }[];
  dispute: { id: number; status: string } | null;
  linkCount: number;
}

/** An event list's page: these events (in the order given) with participants, dispute and link count, in two statements. */
export const eventListRows = ported(async function eventListRows(tx: Tx, eventIds: number[]): Promise<EventListRow[]> {
  if (!eventIds.length) return [];
  const json = JSON.stringify(eventIds);
  const events = await sqlReader(tx)<
    {
      id: Id;
      title: string;
      type: string;
      date: string | null;
      dateEarliest: string | null;
      dateLatest: string | null;
      place: string | null;
      description: string | null;
      parentId: Id | null;
      version: Id;
      createdAt: unknown;
      updatedAt: unknown;
      disputeId: Id | null;
      disputeStatus: string | null;
      linkCount: Id;
    }[]
  >`SELECT e.id, e.title, e.type, e.date, e."dateEarliest", e."dateLatest", e.place, e.description, e."parentId", e.version, e."createdAt", e."updatedAt",
           d.id AS "disputeId", d.status AS "disputeStatus", (SELECT count(*) FROM "Link" l WHERE l."eventId" = e.id) AS "linkCount"
      FROM "Event" e LEFT JOIN "Dispute" d ON d."eventId" = e.id WHERE e.id IN (${jsonIds(tx, json)})`;
  const participants = await participantsOf(tx, json);
  const byId = new Map(
    events.map((e) => [
      num(e.id),
      {
        id: num(e.id),
        title: e.title,
        type: e.type,
        date: e.date,
        dateEarliest: e.dateEarliest,
        dateLatest: e.dateLatest,
        place: e.place,
        description: e.description,
        parentId: e.parentId === null ? null : num(e.parentId),
        version: num(e.version),
        createdAt: instant(e.createdAt),
        updatedAt: instant(e.updatedAt),
        participants: (participants.get(num(e.id)) ?? []).map((p) => ({ actorId: num(p.actorId), role: p.role, actor: { name: p.name, kind: p.kind } })),
        dispute: e.disputeId === null ? null : { id: num(e.disputeId), status: e.disputeStatus! },
        linkCount: num(e.linkCount),
      },
    ]),
  );
  return eventIds.flatMap((id) => byId.get(id) ?? []);
});

/**
 * The first and/or last start day of the matching dated events (null when none has a date, or when not asked for:
 * a filter's own bound needs no query). Without content filters each is one step into the date index.
 */
export const eventStartRange = ported(async function eventStartRange(
  tx: Tx,
  filter: EventFilter,
  want: { first: boolean; last: boolean },
): Promise<{ first: string | null; last: string | null }> {
  if (!want.first && !want.last) return { first: null, last: null };
  const where = and(datedConditions(isPg(tx), filter));
  if (hasContent(filter)) {
    const [row] = await sqlReader(tx)<{ first: string | null; last: string | null }[]>`
      SELECT min(e."dateEarliest") AS first, max(e."dateEarliest") AS last FROM "Event" e WHERE ${where}`;
    return { first: want.first ? (row?.first ?? null) : null, last: want.last ? (row?.last ?? null) : null };
  }
  const end = async (dir: Prisma.Sql) =>
    (await sqlReader(tx)<{ d: string }[]>`SELECT e."dateEarliest" AS d FROM "Event" e WHERE ${where} ORDER BY e."dateEarliest" ${dir} LIMIT 1`)[0]?.d ?? null;
  return { first: want.first ? await end(Prisma.raw('ASC')) : null, last: want.last ? await end(Prisma.raw('DESC')) : null };
});

export interface BucketCount {
  count: number;
  /** Of which have an open dispute. */
  disputed: number;
}

/**
 * Matching dated events counted per bucket, by start day. `buckets` are [start, exclusive end] in order (null: no
 * end), all `keyLength` characters of an ISO day long as keys; an event starting before the first bucket (it reaches
 * into the range) counts in the first. Without content filters each bucket is a sum over its days in EventDayCount
 * (the first from the earliest day, less the events that ended before `from`), so the counts cost the days the
 * range spans, not the events it holds; with them, the matches are grouped by the prefix of their start day.
 */
export const eventBucketCounts = ported(async function eventBucketCounts(
  tx: Tx,
  filter: EventFilter,
  buckets: [string, string | null][],
  keyLength: number,
): Promise<BucketCount[]> {
  if (!buckets.length) return [];
  // A start bound after the end bound (events that span the gap) is answered from the events themselves.
  if (!hasContent(filter) && !(filter.from && filter.to && filter.from > filter.to)) {
    const bounds = JSON.stringify(buckets.map(([start, end], i) => [i === 0 ? '' : start, end ?? '~']));
    const each = isPg(tx) ? Prisma.sql`jsonb_array_elements(CAST(${bounds} AS jsonb)) WITH ORDINALITY AS b(value, key)` : Prisma.sql`json_each(${bounds}) b`;
    const rows = await sqlReader(tx)<{ count: number | bigint; disputed: number | bigint }[]>`
      SELECT coalesce(sum(c.starts), 0) AS count, coalesce(sum(c."startsDisputed"), 0) AS disputed
        FROM ${each} LEFT JOIN "EventDayCount" c ON c.day >= b.value ->> 0 AND c.day < b.value ->> 1 AND c.day <= ${filter.to ?? '~'}
       GROUP BY b.key ORDER BY b.key`;
    const counts = rows.map((r) => ({ count: Number(r.count), disputed: Number(r.disputed) }));
    if (filter.from && counts[0]) {
      const [ended] = await sqlReader(tx)<{ count: number | bigint; disputed: number | bigint }[]>`
        SELECT coalesce(sum(c.ends), 0) AS count, coalesce(sum(c."endsDisputed"), 0) AS disputed FROM "EventDayCount" c WHERE c.day < ${filter.from}`;
      counts[0] = { count: counts[0].count - Number(ended?.count ?? 0), disputed: counts[0].disputed - Number(ended?.disputed ?? 0) };
    }
    return counts;
  }
  // One pass over the matches; the open dispute is joined from the index on Dispute (eventId, status), without
  // reading the dispute.
  const rows = await sqlReader(tx)<{ k: string; count: number | bigint; disputed: number | bigint }[]>`
    SELECT ${isPg(tx) ? Prisma.sql`substr(greatest(e."dateEarliest", ${buckets[0]![0]}), 1, CAST(${keyLength} AS int))` : Prisma.sql`substr(max(e."dateEarliest", ${buckets[0]![0]}), 1, ${keyLength})`} AS k,
           count(*) AS count, count(d."eventId") AS disputed
      FROM "Event" e LEFT JOIN "Dispute" d ON d."eventId" = e.id AND d.status = 'open'
     WHERE ${and(datedConditions(isPg(tx), filter))} GROUP BY k`;
  const byKey = new Map(rows.map((r) => [r.k, { count: Number(r.count), disputed: Number(r.disputed) }]));
  return buckets.map(([start]) => byKey.get(start.slice(0, keyLength)) ?? { count: 0, disputed: 0 });
});

/**
 * Matching events without a start date. Without content filters, a sum over EventDayCount's undated counts: by
 * their latest day, or all of them (with those that have none) when no date bound is given.
 */
export const eventUndatedCount = ported(async function eventUndatedCount(tx: Tx, filter: EventFilter): Promise<BucketCount> {
  const sum = (where: Prisma.Sql) => sqlReader(tx)<{ count: number | bigint; disputed: number | bigint }[]>`
    SELECT coalesce(sum(c.undated), 0) AS count, coalesce(sum(c."undatedDisputed"), 0) AS disputed FROM "EventDayCount" c WHERE ${where}`;
  const [row] = hasContent(filter)
    ? await sqlReader(tx)<{ count: number | bigint; disputed: number | bigint }[]>`
        SELECT count(*) AS count, count(d."eventId") AS disputed
          FROM "Event" e LEFT JOIN "Dispute" d ON d."eventId" = e.id AND d.status = 'open'
         WHERE ${and(undatedConditions(isPg(tx), filter))}`
    : filter.from
      ? await sum(Prisma.sql`c.day >= ${filter.from}`)
      : filter.to
        ? await sum(Prisma.sql`c.day > ''`)
        : await sum(Prisma.sql`true`);
  return { count: Number(row?.count ?? 0), disputed: Number(row?.disputed ?? 0) };
});

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
}

/** What the timeline draws of each of these events (in the order given): dates, place, parent, whether a dispute is open. */
export const timelineRows = ported(async function timelineRows(tx: Tx, eventIds: number[]): Promise<TimelineRow[]> {
  if (!eventIds.length) return [];
  const json = JSON.stringify(eventIds);
  const events = await sqlReader(tx)<
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
      FROM "Event" e LEFT JOIN "Dispute" d ON d."eventId" = e.id WHERE e.id IN (${jsonIds(tx, json)})`;
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
      },
    ]),
  );
  return eventIds.flatMap((id) => byId.get(id) ?? []);
});

export interface EventClaimRow {
  id: number;
  claimId: number;
  eventId: number;
  stance: string;
  assertedDate: string | null;
  assertedPlace: string | null;
  assertedParticipants: unknown;
  assertedNumber: number | null;
  assertedUnit: string | null;
  numberTolerance: number | null;
  note: string | null;
  version: number;
  createdAt: Date;
  updatedAt: Date;
  claim: {
    id: number;
    sourceId: number;
    start: number;
    end: number;
    quote: string;
    prefix: string;
    suffix: string;
    claimantId: number | null;
    claimant: { id: number; name: string; kind: string } | null;
    paraphrase: string | null;
    status: string;
    version: number;
    createdById: number | null;
    createdAt: Date;
    updatedAt: Date;
    chain: { position: number; actorId: number; relation: string | null; actor: { name: string; kind: string } }[];
    source: { id: number; title: string; outlet: string; published: string | null };
  };
}

const json = (v: unknown) => (typeof v === 'string' ? (JSON.parse(v) as unknown) : (v ?? null));
const numOrNull = (v: Id | null) => (v === null ? null : num(v));

/**
 * One page of an event's links (by link id, after `afterId`), each with its claim, the claim's claimant, chain and
 * source: two statements, read by the event's key and the page's claims, however many links the event has.
 */
export const eventClaimRows = ported(async function eventClaimRows(tx: Tx, eventId: number, afterId: number | null, limit: number): Promise<EventClaimRow[]> {
  const rows = await sqlReader(tx)<
    {
      id: Id;
      claimId: Id;
      stance: string;
      assertedDate: string | null;
      assertedPlace: string | null;
      assertedParticipants: unknown;
      assertedNumber: number | null;
      assertedUnit: string | null;
      numberTolerance: number | null;
      note: string | null;
      version: Id;
      createdAt: unknown;
      updatedAt: unknown;
      sourceId: Id;
      start: Id;
      end: Id;
      quote: string;
      prefix: string;
      suffix: string;
      claimantId: Id | null;
      claimantName: string | null;
      claimantKind: string | null;
      paraphrase: string | null;
      status: string;
      claimVersion: Id;
      createdById: Id | null;
      claimCreatedAt: unknown;
      claimUpdatedAt: unknown;
      sourceTitle: string;
      outlet: string;
      published: string | null;
    }[]
  >`SELECT l.id, l."claimId", l.stance, l."assertedDate", l."assertedPlace", l."assertedParticipants", l."assertedNumber", l."assertedUnit",
           l."numberTolerance", l.note, l.version, l."createdAt", l."updatedAt",
           c."sourceId", c.start, c."end", c.quote, c.prefix, c.suffix, c."claimantId", a.name AS "claimantName", a.kind AS "claimantKind",
           c.paraphrase, c.status, c.version AS "claimVersion", c."createdById", c."createdAt" AS "claimCreatedAt", c."updatedAt" AS "claimUpdatedAt",
           s.title AS "sourceTitle", s.outlet, s.published
      FROM "Link" l JOIN "Claim" c ON c.id = l."claimId" JOIN "Source" s ON s.id = c."sourceId" LEFT JOIN "Actor" a ON a.id = c."claimantId"
     WHERE l."eventId" = ${eventId} AND l.id > ${afterId ?? 0}
     ORDER BY l.id LIMIT ${limit}`;
  if (!rows.length) return [];
  const hops = await sqlReader(tx)<{ claimId: Id; position: Id; actorId: Id; relation: string | null; name: string; kind: string }[]>`
    SELECT h."claimId", h.position, h."actorId", h.relation, a.name, a.kind FROM "AttributionHop" h JOIN "Actor" a ON a.id = h."actorId"
     WHERE h."claimId" IN (${jsonIds(tx, JSON.stringify(rows.map((r) => num(r.claimId))))}) ORDER BY h."claimId", h.position`;
  const chains = new Map<number, EventClaimRow['claim']['chain']>();
  for (const h of hops) {
    const chain = chains.get(num(h.claimId)) ?? [];
    chain.push({ position: num(h.position), actorId: num(h.actorId), relation: h.relation, actor: { name: h.name, kind: h.kind } });
    chains.set(num(h.claimId), chain);
  }
  return rows.map((r) => ({
    id: num(r.id),
    claimId: num(r.claimId),
    eventId,
    stance: r.stance,
    assertedDate: r.assertedDate,
    assertedPlace: r.assertedPlace,
    assertedParticipants: json(r.assertedParticipants),
    assertedNumber: r.assertedNumber,
    assertedUnit: r.assertedUnit,
    numberTolerance: r.numberTolerance,
    note: r.note,
    version: num(r.version),
    createdAt: instant(r.createdAt),
    updatedAt: instant(r.updatedAt),
    claim: {
      id: num(r.claimId),
      sourceId: num(r.sourceId),
      start: num(r.start),
      end: num(r.end),
      quote: r.quote,
      prefix: r.prefix,
      suffix: r.suffix,
      claimantId: numOrNull(r.claimantId),
      claimant: r.claimantId === null ? null : { id: num(r.claimantId), name: r.claimantName!, kind: r.claimantKind! },
      paraphrase: r.paraphrase,
      status: r.status,
      version: num(r.claimVersion),
      createdById: numOrNull(r.createdById),
      createdAt: instant(r.claimCreatedAt),
      updatedAt: instant(r.claimUpdatedAt),
      chain: chains.get(num(r.claimId)) ?? [],
      source: { id: num(r.sourceId), title: r.sourceTitle, outlet: r.outlet, published: r.published },
    },
  }));
});

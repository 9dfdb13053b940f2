// Hand-written reads for record pages (sources, actors) where Prisma's query builder would aggregate or scan whole
// tables: counts for a page of records read by the page's keys, and actor candidates by name-key prefix (index range
// scans). Keys travel as one JSON parameter (json_each, jsonb_array_elements_text on PostgreSQL), so no statement binds
// a parameter per record. One text per statement for both engines, with dialect.ts's fragments where they differ.
import type { Prisma } from '../generated/prisma/client.ts';
import { engineOf, type Tx } from '../client.ts';
import { codePointOrder, jsonArrayAgg, jsonElements, jsonInstant, jsonObject, maxCodePointText, orderedJoin } from './dialect.ts';
import { readRows } from './read.ts';
import { tsQueryText } from './search.ts';

/** Claims naming each actor as claimant, for a page of actors (by Claim(claimantId)). */
export async function claimantClaimCounts(tx: Tx, actorIds: number[]): Promise<Map<number, number>> {
  if (!actorIds.length) return new Map();
  const rows = await readRows<{ id: bigint | number; n: bigint | number }[]>(
    tx,
    `SELECT p.value AS id, (SELECT count(*) FROM "Claim" c WHERE c."claimantId" = p.value) AS n FROM ${jsonElements(tx, 'int')} p`,
    JSON.stringify(actorIds),
  );
  return new Map(rows.map((r) => [Number(r.id), Number(r.n)]));
}

export interface ActorCandidate {
  id: number;
  name: string;
  /** Alias names, oldest first. */
  aliases: string[];
}

/**
 * Actors to rank for a name search: up to `cap` actors with a whole key among `keys`, then up to `cap` others with a key
 * starting with one of them (in the order of their first matching key, then id), those not merged and, if given, of
 * `kind`, with their names. Whole and prefix matches are index lookups and range scans of ActorNameKey's primary key.
 */
export async function actorSearchCandidates(tx: Tx, keys: string[], kind: string | null, cap: number): Promise<ActorCandidate[]> {
  if (!keys.length) return [];
  // `key < prefix || U+10FFFF` bounds the range of keys starting with `prefix` (keys are folded text: no higher code point).
  const rows = await readRows<{ id: bigint | number; name: string; aliases: string }[]>(
    tx,
    `WITH exact AS (
            SELECT "actorId", min(key${codePointOrder(tx)}) AS first FROM "ActorNameKey" WHERE key IN (SELECT k.value FROM ${jsonElements(tx, 'text')} k)
             GROUP BY "actorId" ORDER BY first, "actorId" LIMIT ?),
          prefixed AS (
            SELECT n."actorId", min(n.key${codePointOrder(tx)}) AS first
              FROM ${jsonElements(tx, 'text')} p ${orderedJoin(tx)} "ActorNameKey" n ON n.key${codePointOrder(tx)} >= p.value AND n.key${codePointOrder(tx)} < p.value || ${maxCodePointText(tx)}
             WHERE n."actorId" NOT IN (SELECT "actorId" FROM exact)
             GROUP BY n."actorId" ORDER BY first, n."actorId" LIMIT ?)
     SELECT a.id, a.name, (SELECT ${jsonArrayAgg(tx, 'al.name', 'al.id')} FROM "ActorAlias" al WHERE al."actorId" = a.id) AS aliases
       FROM "Actor" a
      WHERE a.id IN (SELECT "actorId" FROM exact UNION ALL SELECT "actorId" FROM prefixed) AND a."mergedIntoId" IS NULL AND (CAST(? AS TEXT) IS NULL OR a.kind = ?)`,
    ...[JSON.stringify(keys), cap, JSON.stringify(keys), cap, kind, kind],
  );
  return rows.map((r) => ({ id: Number(r.id), name: r.name, aliases: JSON.parse(r.aliases) as string[] }));
}

export interface SourceListFilter {
  /** Only sources with an id below this (the last id of the previous page). */
  before?: number | null;
  outlet?: string | null;
  /** An FTS5 expression (see ftsMatchExpression): only sources whose title, outlet or text match. */
  match?: string | null;
}

export interface SourceListRow {
  id: number;
  title: string;
  outlet: string;
  outletActorId: number | null;
  url: string | null;
  language: string;
  published: string | null;
  publishedEarliest: string | null;
  authors: Prisma.JsonValue;
  credit: string | null;
  contentHash: string;
  revisionOfId: number | null;
  version: number;
  createdAt: Date;
  updatedAt: Date;
  claimCount: number;
  /** Open disputes that one of the source's claims is part of. */
  openDisputes: number;
}

/**
 * A page of sources, newest (highest id) first, with their counts, in one statement. With a text filter the full-text
 * index walks its matches from the highest id down and stops at the page's end, however many sources match. The counts
 * run for the page's rows only, each through the source's claims (Claim(sourceId, start), then DisputeClaim(claimId)):
 * their cost follows the page, not the number of claims or disputes in the database.
 */
export async function sourceListPage(tx: Tx, filter: SourceListFilter, take: number): Promise<SourceListRow[]> {
  const where: string[] = [];
  const params: unknown[] = [];
  // SQLite walks the full-text index's matches (fts_source) from the highest id down; PostgreSQL the GIN index on
  // the source's tsvector column, in the primary key's order.
  const postgres = engineOf(tx) === 'postgresql';
  const fts = filter.match && !postgres;
  const id = fts ? 'f.rowid' : 's.id';
  if (filter.match) {
    where.push(postgres ? `s.search @@ to_tsquery('claimline', ?)` : 'fts_source MATCH ?');
    params.push(postgres ? tsQueryText(filter.match) : filter.match);
  }
  if (filter.before) {
    where.push(`${id} < ?`);
    params.push(filter.before);
  }
  if (filter.outlet) {
    where.push('s.outlet = ?');
    params.push(filter.outlet);
  }
  const rows = await readRows<(Omit<SourceListRow, 'claimCount' | 'openDisputes'> & { claimCount: bigint | number; openDisputes: bigint | number })[]>(
    tx,
    `SELECT s.id, s.title, s.outlet, s."outletActorId", s.url, s.language, s.published, s."publishedEarliest", s.authors, s.credit, s."contentHash",
            s."revisionOfId", s.version, s."createdAt", s."updatedAt",
            (SELECT count(*) FROM "Claim" c WHERE c."sourceId" = s.id) AS "claimCount",
            (SELECT count(DISTINCT dc."disputeId")
               FROM "Claim" c ${orderedJoin(tx)} "DisputeClaim" dc ON dc."claimId" = c.id ${orderedJoin(tx)} "Dispute" d ON d.id = dc."disputeId"
              WHERE c."sourceId" = s.id AND d.status = 'open') AS "openDisputes"
       FROM ${fts ? 'fts_source f JOIN "Source" s ON s.id = f.rowid' : '"Source" s'}
      ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY ${id} DESC LIMIT ?`,
    ...params,
    take,
  );
  return rows.map((r) => ({ ...r, claimCount: Number(r.claimCount), openDisputes: Number(r.openDisputes) }));
}

// Claims with their claimant, chain and links, in the shapes the claims service returns: three statements for a page
// of any size (Prisma would issue one more per relation: claimant, hop actors, link events).

const CLAIM_COLUMNS = `c.id, c."sourceId", c.start, c."end", c.quote, c.prefix, c.suffix, c."claimantId", k.id AS "claimantRef", k.name AS "claimantName",
  k.kind AS "claimantKind", c.paraphrase, c.status, c.version, c."createdById", c."createdAt", c."updatedAt"`;

interface ClaimColumns {
  id: number;
  sourceId: number;
  start: number;
  end: number;
  quote: string;
  prefix: string;
  suffix: string;
  claimantId: number | null;
  claimantRef: number | null;
  claimantName: string | null;
  claimantKind: string | null;
  paraphrase: string | null;
  status: string;
  version: number;
  createdById: number | null;
  createdAt: Date;
  updatedAt: Date;
}

function claimOf({ claimantRef, claimantName, claimantKind, ...c }: ClaimColumns) {
  const { id, sourceId, start, end, quote, prefix, suffix, claimantId, paraphrase, status, version, createdById, createdAt, updatedAt } = c;
  const claimant = claimantRef === null ? null : { id: claimantRef, name: claimantName!, kind: claimantKind! };
  return { id, sourceId, start, end, quote, prefix, suffix, claimantId, claimant, paraphrase, status, version, createdById, createdAt, updatedAt };
}

export type ClaimRecord = ReturnType<typeof claimOf>;

/**
 * A page of a source's claims in reading order (start, then id), after the claim `after` if given, with their claimant.
 * Null when `after` names no claim.
 */
export async function claimsOfSource(tx: Tx, sourceId: number, after: number | null, take: number): Promise<ClaimRecord[] | null> {
  let from: { start: number; id: number } | undefined;
  if (after !== null) {
    from = (await readRows<{ start: number; id: number }[]>(tx, `SELECT start, id FROM "Claim" WHERE id = ?`, after))[0];
    if (!from) return null;
  }
  const rows = await readRows<ClaimColumns[]>(
    tx,
    `SELECT ${CLAIM_COLUMNS} FROM "Claim" c LEFT JOIN "Actor" k ON k.id = c."claimantId"
      WHERE c."sourceId" = ? ${from ? 'AND (c.start, c.id) > (?, ?)' : ''} ORDER BY c.start, c.id LIMIT ?`,
    ...(from ? [sourceId, from.start, from.id, take] : [sourceId, take]),
  );
  return rows.map(claimOf);
}

/** One claim with its claimant and a summary of its source; null when there is none. */
export async function claimWithSource(tx: Tx, id: number) {
  const rows = await readRows<
    (ClaimColumns & { sId: number; sTitle: string; sOutlet: string; sPublished: string | null; sUrl: string | null; sLanguage: string })[]
  >(
    tx,
    `SELECT ${CLAIM_COLUMNS}, s.id AS "sId", s.title AS "sTitle", s.outlet AS "sOutlet", s.published AS "sPublished", s.url AS "sUrl", s.language AS "sLanguage"
       FROM "Claim" c LEFT JOIN "Actor" k ON k.id = c."claimantId" JOIN "Source" s ON s.id = c."sourceId" WHERE c.id = ?`,
    id,
  );
  const r = rows[0];
  if (!r) return null;
  const { sId, sTitle, sOutlet, sPublished, sUrl, sLanguage, ...claim } = r;
  return { claim: claimOf(claim), source: { id: sId, title: sTitle, outlet: sOutlet, published: sPublished, url: sUrl, language: sLanguage } };
}

/** The attribution hops of some claims, each claim's in chain order, with the actor's name and kind. */
export async function chainsOf(tx: Tx, claimIds: number[]) {
  if (!claimIds.length) return [];
  const rows = await readRows<{ claimId: number; position: number; actorId: number; relation: string | null; name: string; kind: string }[]>(
    tx,
    `SELECT h."claimId", h.position, h."actorId", h.relation, a.name, a.kind
       FROM ${jsonElements(tx, 'int')} p ${orderedJoin(tx)} "AttributionHop" h ON h."claimId" = p.value JOIN "Actor" a ON a.id = h."actorId"
      ORDER BY h."claimId", h.position`,
    JSON.stringify(claimIds),
  );
  return rows.map(({ claimId, position, actorId, relation, name, kind }) => ({ claimId, position, actorId, relation, actor: { name, kind } }));
}

/** The links of some claims, by link id, with their event's title and date. */
export async function linksOfClaims(tx: Tx, claimIds: number[]) {
  if (!claimIds.length) return [];
  const rows = await readRows<
    {
      id: number;
      claimId: number;
      eventId: number;
      stance: string;
      assertedDate: string | null;
      assertedPlace: string | null;
      assertedParticipants: Prisma.JsonValue;
      assertedNumber: number | null;
      assertedUnit: string | null;
      numberTolerance: number | null;
      note: string | null;
      version: number;
      createdAt: Date;
      updatedAt: Date;
      eventTitle: string;
      eventDate: string | null;
    }[]
  >(
    tx,
    `SELECT l.id, l."claimId", l."eventId", l.stance, l."assertedDate", l."assertedPlace", l."assertedParticipants", l."assertedNumber", l."assertedUnit",
            l."numberTolerance", l.note, l.version, l."createdAt", l."updatedAt", e.title AS "eventTitle", e.date AS "eventDate"
       FROM ${jsonElements(tx, 'int')} p ${orderedJoin(tx)} "Link" l ON l."claimId" = p.value JOIN "Event" e ON e.id = l."eventId"
      ORDER BY l.id`,
    JSON.stringify(claimIds),
  );
  return rows.map(({ eventTitle, eventDate, ...l }) => ({ ...l, event: { title: eventTitle, date: eventDate } }));
}

/** The first `take` participations of an actor (by participation id), with the event's id, title and date. */
export async function participationsOf(tx: Tx, actorId: number, take: number) {
  const rows = await readRows<{ role: string; id: number; title: string; date: string | null }[]>(
    tx,
    `SELECT p.role, e.id, e.title, e.date FROM "EventParticipant" p JOIN "Event" e ON e.id = p."eventId" WHERE p."actorId" = ? ORDER BY p.id LIMIT ?`,
    actorId,
    take,
  );
  return rows.map(({ role, id, title, date }) => ({ role, event: { id, title, date } }));
}

/** One source with its text, notes and revisions (oldest first), in one statement; null when there is none. */
export async function sourceWithRevisions(tx: Tx, id: number) {
  const rows = await readRows<(Omit<SourceListRow, 'claimCount' | 'openDisputes'> & { text: string; notes: string | null; revisions: string })[]>(
    tx,
    `SELECT s.id, s.title, s.outlet, s."outletActorId", s.url, s.language, s.published, s."publishedEarliest", s.authors, s.credit, s."contentHash",
            s."revisionOfId", s.version, s."createdAt", s."updatedAt", s.text, s.notes,
            (SELECT ${jsonArrayAgg(tx, `${jsonObject(tx)}('id', r.id, 'title', r.title, 'createdAt', ${jsonInstant(tx, 'r."createdAt"')})`, 'r.id')}
               FROM "Source" r WHERE r."revisionOfId" = s.id) AS revisions
       FROM "Source" s WHERE s.id = ?`,
    id,
  );
  const r = rows[0];
  if (!r) return null;
  const revisions = (JSON.parse(r.revisions) as { id: number; title: string; createdAt: string }[]).map((v) => ({ ...v, createdAt: new Date(v.createdAt) }));
  return { ...r, revisions };
}

export interface ActorRecord {
  id: number;
  name: string;
  kind: string;
  wikidata: string | null;
  description: string | null;
  mergedIntoId: number | null;
  version: number;
  createdAt: Date;
  updatedAt: Date;
  /** Oldest first. */
  aliases: { id: number; name: string; language: string | null }[];
}

const actorColumns = (tx: Tx) => `a.id, a.name, a.kind, a.wikidata, a.description, a."mergedIntoId", a.version, a."createdAt", a."updatedAt",
  (SELECT ${jsonArrayAgg(tx, `${jsonObject(tx)}('id', al.id, 'name', al.name, 'language', al.language)`, 'al.id')}
     FROM "ActorAlias" al WHERE al."actorId" = a.id) AS aliases`;

type ActorColumns = Omit<ActorRecord, 'aliases'> & { aliases: string };

const actorOf = ({ aliases, ...a }: ActorColumns): ActorRecord => ({ ...a, aliases: JSON.parse(aliases) as ActorRecord['aliases'] });

/** Some actors with their aliases, in one statement (in no particular order). */
export async function actorsByIds(tx: Tx, ids: number[]): Promise<ActorRecord[]> {
  if (!ids.length) return [];
  const rows = await readRows<ActorColumns[]>(
    tx,
    `SELECT ${actorColumns(tx)} FROM "Actor" a WHERE a.id IN (SELECT i.value FROM ${jsonElements(tx, 'int')} i)`,
    JSON.stringify(ids),
  );
  return rows.map(actorOf);
}

/** One actor with its aliases and the number of claims naming it as claimant; null when there is none. */
export async function actorWithClaimCount(tx: Tx, id: number): Promise<(ActorRecord & { claimCount: number }) | null> {
  const rows = await readRows<(ActorColumns & { claimCount: bigint | number })[]>(
    tx,
    `SELECT ${actorColumns(tx)}, (SELECT count(*) FROM "Claim" c WHERE c."claimantId" = a.id) AS "claimCount" FROM "Actor" a WHERE a.id = ?`,
    id,
  );
  const r = rows[0];
  return r ? { ...actorOf(r), claimCount: Number(r.claimCount) } : null;
}

/**
 * Up to `take` actors not merged, by id from `after` (exclusive), of `kind` when given, with their aliases and their
 * claims as claimant counted (by Claim(claimantId), for the page's rows only), in one statement.
 */
export async function actorPage(tx: Tx, opts: { kind: string | null; after: number | null; take: number }): Promise<(ActorRecord & { claimCount: number })[]> {
  const rows = await readRows<(ActorColumns & { claimCount: bigint | number })[]>(
    tx,
    `SELECT ${actorColumns(tx)}, (SELECT count(*) FROM "Claim" c WHERE c."claimantId" = a.id) AS "claimCount"
       FROM "Actor" a WHERE a."mergedIntoId" IS NULL ${opts.kind ? 'AND a.kind = ?' : ''} ${opts.after ? 'AND a.id > ?' : ''} ORDER BY a.id LIMIT ?`,
    ...(opts.kind ? [opts.kind] : []),
    ...(opts.after ? [opts.after] : []),
    opts.take,
  );
  return rows.map((r) => ({ ...actorOf(r), claimCount: Number(r.claimCount) }));
}

export interface PublicUserRow {
  id: number;
  email: string;
  name: string;
  role: string;
  disabled: boolean;
  version: number;
  createdAt: Date;
}

/** Every user (no password hash), by id. */
export async function publicUsers(tx: Tx): Promise<PublicUserRow[]> {
  return readRows<PublicUserRow[]>(tx, `SELECT id, email, name, role, disabled, version, "createdAt" FROM "User" ORDER BY id`);
}

/** Whether a source with this id exists. */
export async function sourceExists(tx: Tx, id: number): Promise<boolean> {
  return (await readRows<unknown[]>(tx, `SELECT 1 FROM "Source" WHERE id = ?`, id)).length > 0;
}

export interface ClaimVerdictRow {
  id: number;
  rating: string;
  rationale: string;
  evidenceUrl: string | null;
  reviewerId: number | null;
  disputeId: number | null;
  createdAt: Date;
}

/** A claim's verdicts, newest (highest id) first. */
export async function verdictsOfClaim(tx: Tx, claimId: number): Promise<ClaimVerdictRow[]> {
  return readRows<ClaimVerdictRow[]>(
    tx,
    `SELECT id, rating, rationale, "evidenceUrl", "reviewerId", "disputeId", "createdAt" FROM "Verdict" WHERE "claimId" = ? ORDER BY id DESC`,
    claimId,
  );
}

/**
 * One event with its participants (by participation id, with each actor's name and kind), its parent, its children (by
 * earliest date, undated first, then id) and its dispute, in one statement; null when there is none.
 */
export async function eventRecord(tx: Tx, id: number) {
  const rows = await readRows<
    {
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
      participants: string;
      parentRef: number | null;
      parentTitle: string | null;
      parentDate: string | null;
      children: string;
      dId: number | null;
      dStatus: string;
      dKinds: Prisma.JsonValue;
      dExplanation: string;
      dSupport: number;
      dContradict: number;
      dVersion: number;
    }[]
  >(
    tx,
    `SELECT e.id, e.title, e.type, e.date, e."dateEarliest", e."dateLatest", e.place, e.description, e."parentId", e.version, e."createdAt", e."updatedAt",
            (SELECT ${jsonArrayAgg(tx, `${jsonObject(tx)}('actorId', p."actorId", 'role', p.role, 'name', a.name, 'kind', a.kind)`, 'p.id')}
               FROM "EventParticipant" p JOIN "Actor" a ON a.id = p."actorId" WHERE p."eventId" = e.id) AS participants,
            pe.id AS "parentRef", pe.title AS "parentTitle", pe.date AS "parentDate",
            (SELECT ${jsonArrayAgg(tx, `${jsonObject(tx)}('id', c.id, 'title', c.title, 'date', c.date)`, 'c."dateEarliest", c.id')}
               FROM "Event" c WHERE c."parentId" = e.id) AS children,
            d.id AS "dId", d.status AS "dStatus", d.kinds AS "dKinds", d.explanation AS "dExplanation", d."supportOrigins" AS "dSupport",
            d."contradictOrigins" AS "dContradict", d.version AS "dVersion"
       FROM "Event" e LEFT JOIN "Event" pe ON pe.id = e."parentId" LEFT JOIN "Dispute" d ON d."eventId" = e.id
      WHERE e.id = ?`,
    id,
  );
  const r = rows[0];
  if (!r) return null;
  const { participants, parentRef, parentTitle, parentDate, children, dId, dStatus, dKinds, dExplanation, dSupport, dContradict, dVersion, ...event } = r;
  return {
    ...event,
    participants: (JSON.parse(participants) as { actorId: number; role: string; name: string; kind: string }[]).map(({ actorId, role, name, kind }) => ({
      actorId,
      role,
      actor: { name, kind },
    })),
    parent: parentRef === null ? null : { id: parentRef, title: parentTitle!, date: parentDate },
    children: JSON.parse(children) as { id: number; title: string; date: string | null }[],
    dispute:
      dId === null
        ? null
        : {
            id: dId,
            status: dStatus,
            kinds: dKinds,
            explanation: dExplanation,
            supportOrigins: dSupport,
            contradictOrigins: dContradict,
            version: dVersion,
          },
  };
}

/** Whether an event with this id exists. */
export async function eventExists(tx: Tx, id: number): Promise<boolean> {
  return (await readRows<unknown[]>(tx, `SELECT 1 FROM "Event" WHERE id = ?`, id)).length > 0;
}

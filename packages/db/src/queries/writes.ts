// Hand-written SQL of the write paths (dispute detection's reads, actor merges, the doctor's dispute check):
// statements Prisma's query builder turns into scans of a whole table at a million claims. Each reads by an
// indexed key or a range of event ids, never one bound parameter per row. One text per statement for both engines
// (Prisma numbers the parameters on PostgreSQL), with per-engine fragments where the dialects differ.
import { Prisma } from '../generated/prisma/client.ts';
import { engineOf, rawSql, type Tx } from '../client.ts';
import { ADVISORY_LOCK, needsAdvisoryLocks } from './dialect.ts';

type Int = number | bigint;

/** The integers of `list` as a table with a column `value`, from one JSON parameter. */
function intElements(tx: Tx, list: number[]): Prisma.Sql {
  const json = JSON.stringify(list);
  return engineOf(tx) === 'postgresql'
    ? Prisma.sql`(SELECT value::int AS value FROM jsonb_array_elements_text(${json}::jsonb))`
    : Prisma.sql`json_each(${json})`;
}

/**
 * Takes the dispute-detection lock of each event, in ascending id order (two transactions locking overlapping sets
 * cannot deadlock), held until the transaction ends: on PostgreSQL, where write transactions on several servers run
 * at once, detection for one event never runs in two of them at a time (pg_advisory_xact_lock(detection, eventId)).
 * On SQLite a no-op: writeTx holds the database's one write lock already.
 */
export async function lockEventsForDetection(tx: Tx, eventIds: Iterable<number>): Promise<void> {
  if (!needsAdvisoryLocks(tx)) return;
  const ids = [...new Set(eventIds)].sort((a, b) => a - b);
  if (!ids.length) return;
  // A volatile function in the select list is evaluated after ORDER BY (PostgreSQL 9.6+): the locks are taken in id order.
  await rawSql(tx).$queryRaw`
    SELECT pg_advisory_xact_lock(${ADVISORY_LOCK.detection}::int, e.value)::text AS locked
      FROM ${intElements(tx, ids)} e ORDER BY e.value`;
}
const num = (x: Int): number => Number(x);
const numOrNull = (x: Int | null): number | null => (x === null ? null : Number(x));

/** An event as detection words it. */
export interface DetectionEventRow {
  id: number;
  title: string;
  date: string | null;
  place: string | null;
}

/** A link with what detection needs of its claim: status, wording, claimant, and the source's outlet. */
export interface DetectionLinkRow {
  id: number;
  claimId: number;
  eventId: number;
  stance: string;
  assertedDate: string | null;
  assertedPlace: string | null;
  /** As stored: JSON (text or, as the driver may parse it, a value), or null. */
  assertedParticipants: unknown;
  assertedNumber: number | null;
  assertedUnit: string | null;
  numberTolerance: number | null;
  sourceId: number;
  claimStatus: string;
  quote: string;
  paraphrase: string | null;
  claimantId: number | null;
  claimantName: string | null;
  claimantKind: string | null;
  outlet: string;
  outletActorId: number | null;
  outletName: string | null;
  outletKind: string | null;
}

/** One hop of a claim's attribution chain, in chain order. */
export interface DetectionHopRow {
  claimId: number;
  actorId: number;
  name: string;
  kind: string;
}

/** Events with ids in [from, to). */
export async function detectionEvents(tx: Tx, from: number, to: number): Promise<DetectionEventRow[]> {
  const rows = await rawSql(tx).$queryRaw<(Omit<DetectionEventRow, 'id'> & { id: Int })[]>`
    SELECT id, title, date, place FROM "Event" WHERE id >= ${from} AND id < ${to} ORDER BY id`;
  return rows.map((r) => ({ ...r, id: num(r.id) }));
}

/** The links of the events with ids in [from, to), by event then link id, each with its claim, claimant and outlet. */
export async function detectionLinks(tx: Tx, from: number, to: number): Promise<DetectionLinkRow[]> {
  type Raw = Omit<DetectionLinkRow, 'id' | 'claimId' | 'eventId' | 'sourceId' | 'claimantId' | 'outletActorId'> & {
    id: Int;
    claimId: Int;
    eventId: Int;
    sourceId: Int;
    claimantId: Int | null;
    outletActorId: Int | null;
  };
  const rows = await rawSql(tx).$queryRaw<Raw[]>`
    SELECT l.id, l."claimId", l."eventId", l.stance, l."assertedDate", l."assertedPlace", l."assertedParticipants", l."assertedNumber",
           l."assertedUnit", l."numberTolerance", c."sourceId", c.status AS "claimStatus", c.quote, c.paraphrase,
           c."claimantId", k.name AS "claimantName", k.kind AS "claimantKind",
           s.outlet, s."outletActorId", o.name AS "outletName", o.kind AS "outletKind"
      FROM "Link" l
      JOIN "Claim" c ON c.id = l."claimId"
      JOIN "Source" s ON s.id = c."sourceId"
      LEFT JOIN "Actor" k ON k.id = c."claimantId"
      LEFT JOIN "Actor" o ON o.id = s."outletActorId"
     WHERE l."eventId" >= ${from} AND l."eventId" < ${to}
     ORDER BY l."eventId", l.id`;
  return rows.map((r) => ({
    ...r,
    id: num(r.id),
    claimId: num(r.claimId),
    eventId: num(r.eventId),
    sourceId: num(r.sourceId),
    claimantId: numOrNull(r.claimantId),
    outletActorId: numOrNull(r.outletActorId),
    assertedNumber: r.assertedNumber === null ? null : Number(r.assertedNumber),
    numberTolerance: r.numberTolerance === null ? null : Number(r.numberTolerance),
  }));
}

/** The attribution chains of the claims linked to the events with ids in [from, to): by claim, outermost hop first. */
export async function detectionHops(tx: Tx, from: number, to: number): Promise<DetectionHopRow[]> {
  const rows = await rawSql(tx).$queryRaw<{ claimId: Int; actorId: Int; name: string; kind: string }[]>`
    SELECT h."claimId", h."actorId", a.name, a.kind
      FROM "AttributionHop" h JOIN "Actor" a ON a.id = h."actorId"
     WHERE h."claimId" IN (SELECT "claimId" FROM "Link" WHERE "eventId" >= ${from} AND "eventId" < ${to})
     ORDER BY h."claimId", h.position`;
  return rows.map((r) => ({ claimId: num(r.claimId), actorId: num(r.actorId), name: r.name, kind: r.kind }));
}

/** Names of actors by id (one bound parameter, however many ids). */
export async function actorNamesById(tx: Tx, ids: Iterable<number>): Promise<Map<number, string>> {
  const list = [...new Set(ids)];
  if (!list.length) return new Map();
  const rows = await rawSql(tx).$queryRaw<{ id: Int; name: string }[]>`
    SELECT id, name FROM "Actor" WHERE id IN (SELECT i.value FROM ${intElements(tx, list)} i)`;
  return new Map(rows.map((r) => [num(r.id), r.name]));
}

/** A stored dispute as the lifecycle compares it (kinds parsed), with its claims. */
export interface StoredDisputeRow {
  id: number;
  eventId: number;
  status: string;
  kinds: unknown;
  explanation: string;
  supportOrigins: number;
  contradictOrigins: number;
  claims: { claimId: number; side: string; origin: string }[];
}

/** The disputes of the events with ids in [from, to), each with its claims. */
export async function storedDisputes(tx: Tx, from: number, to: number): Promise<StoredDisputeRow[]> {
  const disputes = await rawSql(tx).$queryRaw<
    { id: Int; eventId: Int; status: string; kinds: string; explanation: string; supportOrigins: Int; contradictOrigins: Int }[]
  >`
    SELECT id, "eventId", status, kinds, explanation, "supportOrigins", "contradictOrigins" FROM "Dispute" WHERE "eventId" >= ${from} AND "eventId" < ${to}`;
  const claims = await rawSql(tx).$queryRaw<{ disputeId: Int; claimId: Int; side: string; origin: string }[]>`
    SELECT dc."disputeId", dc."claimId", dc.side, dc.origin
      FROM "Dispute" d JOIN "DisputeClaim" dc ON dc."disputeId" = d.id
     WHERE d."eventId" >= ${from} AND d."eventId" < ${to}`;
  const byDispute = new Map<number, StoredDisputeRow['claims']>();
  for (const c of claims) {
    const id = num(c.disputeId);
    let list = byDispute.get(id);
    if (!list) byDispute.set(id, (list = []));
    list.push({ claimId: num(c.claimId), side: c.side, origin: c.origin });
  }
  return disputes.map((d) => ({
    id: num(d.id),
    eventId: num(d.eventId),
    status: d.status,
    kinds: typeof d.kinds === 'string' ? (JSON.parse(d.kinds) as unknown) : d.kinds,
    explanation: d.explanation,
    supportOrigins: num(d.supportOrigins),
    contradictOrigins: num(d.contradictOrigins),
    claims: byDispute.get(num(d.id)) ?? [],
  }));
}

/**
 * Events with a dispute (of any status) whose wording or origins name this actor: a linked claim's claimant,
 * a hop of its attribution chain or its source's outlet, or a participant a link asserts. After a rename, only
 * these can read differently (who is in conflict does not depend on names or origins).
 */
export async function disputedEventsNamingActor(tx: Tx, actorId: number): Promise<number[]> {
  const rows = await rawSql(tx).$queryRaw<{ eventId: Int }[]>`
    SELECT l."eventId" FROM "Claim" c JOIN "Link" l ON l."claimId" = c.id
     WHERE c."claimantId" = ${actorId} AND EXISTS (SELECT 1 FROM "Dispute" d WHERE d."eventId" = l."eventId")
    UNION
    SELECT l."eventId" FROM "AttributionHop" h JOIN "Link" l ON l."claimId" = h."claimId"
     WHERE h."actorId" = ${actorId} AND EXISTS (SELECT 1 FROM "Dispute" d WHERE d."eventId" = l."eventId")
    UNION
    SELECT l."eventId" FROM "Source" s JOIN "Claim" c ON c."sourceId" = s.id JOIN "Link" l ON l."claimId" = c.id
     WHERE s."outletActorId" = ${actorId} AND EXISTS (SELECT 1 FROM "Dispute" d WHERE d."eventId" = l."eventId")
    UNION
    SELECT l."eventId" FROM "LinkParticipant" p JOIN "Link" l ON l.id = p."linkId"
     WHERE p."actorId" = ${actorId} AND EXISTS (SELECT 1 FROM "Dispute" d WHERE d."eventId" = l."eventId")`;
  return rows.map((r) => num(r.eventId));
}

/** Events with a dispute (of any status) linked to a claim of this source. */
export async function disputedEventsQuotingSource(tx: Tx, sourceId: number): Promise<number[]> {
  const rows = await rawSql(tx).$queryRaw<{ eventId: Int }[]>`
    SELECT DISTINCT l."eventId" FROM "Claim" c JOIN "Link" l ON l."claimId" = c.id
     WHERE c."sourceId" = ${sourceId} AND EXISTS (SELECT 1 FROM "Dispute" d WHERE d."eventId" = l."eventId")`;
  return rows.map((r) => num(r.eventId));
}

/** Links whose asserted participants name this actor (included or excluded), through the LinkParticipant index. */
export async function linksAssertingActor(tx: Tx, actorId: number): Promise<{ id: number; eventId: number; assertedParticipants: unknown }[]> {
  const rows = await rawSql(tx).$queryRaw<{ id: Int; eventId: Int; assertedParticipants: unknown }[]>`
    SELECT l.id, l."eventId", l."assertedParticipants" FROM "LinkParticipant" p JOIN "Link" l ON l.id = p."linkId" WHERE p."actorId" = ${actorId} ORDER BY l.id`;
  return rows.map((r) => ({ id: num(r.id), eventId: num(r.eventId), assertedParticipants: r.assertedParticipants }));
}

/**
 * The LinkParticipant rows the links' assertedParticipants call for: the integer ids of their include and exclude
 * lists (what participantIds(participantsOf(…)) in @claimline/core reads; the migration that made the table filled
 * it with the same statement).
 */
const expectedLinkParticipants = (tx: Tx) =>
  engineOf(tx) === 'postgresql'
    ? // json (stored as written; read as jsonb here): always valid JSON; an integer is a number written without a fraction or exponent (1.0 is not one).
      Prisma.sql`
  SELECT DISTINCT (j.value #>> '{}')::int AS "actorId", l.id AS "linkId"
    FROM "Link" l,
         jsonb_each(CASE WHEN jsonb_typeof(l."assertedParticipants"::jsonb) = 'object' THEN l."assertedParticipants"::jsonb ELSE '{}' END) lists,
         jsonb_array_elements(CASE WHEN jsonb_typeof(lists.value) = 'array' THEN lists.value ELSE '[]' END) j
   WHERE lists.key IN ('include', 'exclude') AND jsonb_typeof(j.value) = 'number' AND j.value::text ~ '^-?[0-9]+$'`
    : Prisma.sql`
  SELECT DISTINCT j.value AS "actorId", l.id AS "linkId"
    FROM "Link" l,
         json_each(CASE WHEN json_valid(l."assertedParticipants") THEN l."assertedParticipants" ELSE '{}' END) lists,
         json_each(lists.value) j
   WHERE l."assertedParticipants" IS NOT NULL AND lists.key IN ('include', 'exclude') AND lists.type = 'array' AND j.type = 'integer'`;

/** Links whose LinkParticipant rows differ from what they assert (the derived table is stale), by id. */
export async function staleLinkParticipants(tx: Tx): Promise<number[]> {
  const expected = expectedLinkParticipants(tx);
  const rows = await rawSql(tx).$queryRaw<{ linkId: Int }[]>`
    SELECT "linkId" FROM (SELECT "actorId", "linkId" FROM (${expected}) e EXCEPT SELECT "actorId", "linkId" FROM "LinkParticipant") missing
    UNION
    SELECT "linkId" FROM (SELECT "actorId", "linkId" FROM "LinkParticipant" EXCEPT SELECT "actorId", "linkId" FROM (${expected}) e) extra
    ORDER BY "linkId"`;
  return rows.map((r) => num(r.linkId));
}

/** Rebuilds LinkParticipant from the links (doctor --repair). */
export async function rebuildLinkParticipants(tx: Tx): Promise<void> {
  await rawSql(tx).$executeRaw`DELETE FROM "LinkParticipant"`;
  await rawSql(tx).$executeRaw`INSERT INTO "LinkParticipant" ("actorId", "linkId") SELECT "actorId", "linkId" FROM (${expectedLinkParticipants(tx)}) e`;
}

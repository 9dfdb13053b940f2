// The review queue's reads: a page of disputes with their event and verdicts, and every member claim of
// a set of disputes with its claimant, chain, source and link to the disputed event. Their parameters
// never grow with the data: a set of disputes travels as one JSON array (json_each), so a page of 200
// disputes with 10,000 claims is still a handful of statements. Rows come back flat and are nested here
// (SQLite building the nesting as JSON measured 2-3x slower than mapping rows). Both engines: the set of disputes is
// json_each on SQLite, jsonb_array_elements_text on PostgreSQL, of the same parameter (dialect.ts).
import type { Tx } from '../client.ts';
import { jsonElements, orderedJoin, queryRows } from './dialect.ts';
import { readRows } from './read.ts';
import type { Prisma } from '../generated/prisma/client.ts';

export type DisputeStatus = 'open' | 'resolved' | 'void';
export type DisputeOrder = 'oldest' | 'weight';

export interface VerdictRow {
  id: number;
  claimId: number;
  rating: string;
  rationale: string;
  evidenceUrl: string | null;
  reviewerId: number | null;
  createdAt: Date;
}

export interface DisputeRow {
  id: number;
  eventId: number;
  kinds: Prisma.JsonValue;
  status: string;
  explanation: string;
  supportOrigins: number;
  contradictOrigins: number;
  openedAt: Date;
  resolvedAt: Date | null;
  resolvedById: number | null;
  rationale: string | null;
  version: number;
  event: { id: number; title: string; date: string | null; place: string | null };
  verdicts: VerdictRow[];
}

export interface MemberLinkRow {
  claimId: number;
  eventId: number;
  stance: string;
  assertedDate: string | null;
  assertedPlace: string | null;
  assertedParticipants: Prisma.JsonValue;
  assertedNumber: number | null;
  assertedUnit: string | null;
}

/** A claim taking part in a dispute, with its side and origin there and its link to the disputed event. */
export interface MemberRow {
  disputeId: number;
  side: string;
  origin: string;
  id: number;
  sourceId: number;
  quote: string;
  paraphrase: string | null;
  status: string;
  start: number;
  end: number;
  claimant: { id: number; name: string } | null;
  chain: { actor: { id: number; name: string }; relation: string | null }[];
  source: { id: number; title: string; outlet: string; published: string | null };
  link: MemberLinkRow | null;
}

const DISPUTE_COLUMNS = `d.id, d."eventId", d.kinds, d.status, d.explanation, d."supportOrigins", d."contradictOrigins", d."openedAt",
  d."resolvedAt", d."resolvedById", d.rationale, d.version, e.id AS "eventKey", e.title AS "eventTitle", e.date AS "eventDate", e.place AS "eventPlace"`;

type DisputeFlat = Omit<DisputeRow, 'event' | 'verdicts'> & { eventKey: number; eventTitle: string; eventDate: string | null; eventPlace: string | null };

const ORDER: Record<DisputeOrder, string> = {
  oldest: 'd."openedAt", d.id',
  weight: 'd."contradictOrigins" DESC, d."supportOrigins" DESC, d.id',
};

/**
 * Disputes after the cursor dispute `c` in each order (the id breaks ties), written so that the first
 * column bounds an index range: a later page starts where the cursor is, not from the top.
 */
const AFTER: Record<DisputeOrder, string> = {
  oldest: 'd."openedAt" >= c."openedAt" AND (d."openedAt" > c."openedAt" OR d.id > c.id)',
  weight: `d."contradictOrigins" <= c."contradictOrigins" AND (d."contradictOrigins" < c."contradictOrigins"
     OR d."supportOrigins" < c."supportOrigins" OR (d."supportOrigins" = c."supportOrigins" AND d.id > c.id))`,
};

/** The disputes with their verdicts (by verdict id), read by the disputes' ids. */
async function withVerdicts(tx: Tx, flat: DisputeFlat[]): Promise<DisputeRow[]> {
  if (!flat.length) return [];
  const verdicts = await queryRows<(VerdictRow & { disputeId: number })[]>(
    tx,
    `SELECT v."disputeId", v.id, v."claimId", v.rating, v.rationale, v."evidenceUrl", v."reviewerId", v."createdAt"
       FROM ${jsonElements(tx, 'int')} p JOIN "Verdict" v ON v."disputeId" = p.value ORDER BY v.id`,
    JSON.stringify(flat.map((d) => d.id)),
  );
  const byDispute = new Map<number, VerdictRow[]>();
  for (const { disputeId, ...v } of verdicts) {
    const list = byDispute.get(disputeId);
    if (list) list.push(v);
    else byDispute.set(disputeId, [v]);
  }
  return flat.map(({ eventKey, eventTitle, eventDate, eventPlace, ...d }) => ({
    ...d,
    event: { id: eventKey, title: eventTitle, date: eventDate, place: eventPlace },
    verdicts: byDispute.get(d.id) ?? [],
  }));
}

/** Whether a dispute exists (a queue cursor must name one). */
export async function disputeExists(tx: Tx, id: number): Promise<boolean> {
  const rows = await queryRows<unknown[]>(tx, `SELECT 1 FROM "Dispute" WHERE id = ?`, id);
  return rows.length > 0;
}

/** How many disputes have this status (null: all). */
export async function countDisputes(tx: Tx, status: DisputeStatus | null): Promise<number> {
  const rows = await queryRows<{ n: number | bigint }[]>(
    tx,
    `SELECT count(*) AS n FROM "Dispute" ${status ? 'WHERE status = ?' : ''}`,
    ...(status ? [status] : []),
  );
  return Number(rows[0]!.n);
}

/**
 * Up to `take` disputes with `status` (null: any) in `order`, after the dispute `cursor` when given
 * (which must exist: see disputeExists), each with its event and verdicts.
 */
export async function disputePage(tx: Tx, opts: PageOptions): Promise<DisputeRow[]> {
  return withVerdicts(tx, await pageOf<DisputeFlat>(tx, DISPUTE_COLUMNS, opts));
}

type PageOptions = { status: DisputeStatus | null; order: DisputeOrder; cursor: number | null; take: number };

/** One page of disputes in `order` after the cursor dispute, as `columns` of Dispute d and Event e. */
function pageOf<T>(tx: Tx, columns: string, opts: PageOptions): Promise<T[]> {
  const where = [opts.status ? 'd.status = ?' : '1 = 1', opts.cursor ? AFTER[opts.order] : '1 = 1'].join(' AND ');
  return queryRows<T[]>(
    tx,
    `SELECT ${columns} FROM "Dispute" d JOIN "Event" e ON e.id = d."eventId" ${opts.cursor ? 'JOIN "Dispute" c ON c.id = ?' : ''}
      WHERE ${where} ORDER BY ${ORDER[opts.order]} LIMIT ?`,
    ...(opts.cursor ? [opts.cursor] : []),
    ...(opts.status ? [opts.status] : []),
    opts.take,
  );
}

/** A dispute as a list shows it: its event and how many claims take part, without the claims or verdicts. */
export type DisputeSummaryRow = Omit<DisputeRow, 'verdicts'> & { claimCount: number };

/**
 * The same page as disputePage, each dispute with the number of its claims instead of its claims and
 * verdicts: the count reads the dispute's memberships in the DisputeClaim primary key, never a claim.
 */
export async function disputeSummaryPage(tx: Tx, opts: PageOptions): Promise<DisputeSummaryRow[]> {
  const flat = await pageOf<DisputeFlat & { claimCount: number | bigint }>(
    tx,
    `${DISPUTE_COLUMNS}, (SELECT count(*) FROM "DisputeClaim" dc WHERE dc."disputeId" = d.id) AS "claimCount"`,
    opts,
  );
  return flat.map(({ eventKey, eventTitle, eventDate, eventPlace, claimCount, ...d }) => ({
    ...d,
    event: { id: eventKey, title: eventTitle, date: eventDate, place: eventPlace },
    claimCount: Number(claimCount),
  }));
}

export async function disputeById(tx: Tx, id: number): Promise<DisputeRow | null> {
  const flat = await queryRows<DisputeFlat[]>(tx, `SELECT ${DISPUTE_COLUMNS} FROM "Dispute" d JOIN "Event" e ON e.id = d."eventId" WHERE d.id = ?`, id);
  return (await withVerdicts(tx, flat))[0] ?? null;
}

type MemberFlat = Omit<MemberRow, 'claimant' | 'chain' | 'source' | 'link'> & {
  claimantKey: number | null;
  claimantName: string | null;
  sourceTitle: string;
  sourceOutlet: string;
  sourcePublished: string | null;
  linkKey: number | null;
  linkEventId: number;
  stance: string;
  assertedDate: string | null;
  assertedPlace: string | null;
  assertedParticipants: Prisma.JsonValue;
  assertedNumber: number | null;
  assertedUnit: string | null;
};

/**
 * Every member claim of these disputes, by dispute, then side, then claim id; each with its chain in
 * order and its link to the dispute's event (null if none). Two statements, whatever the number of claims.
 */
export async function disputeMembers(tx: Tx, disputeIds: number[]): Promise<MemberRow[]> {
  if (!disputeIds.length) return [];
  const ids = JSON.stringify(disputeIds);
  const flat = await queryRows<MemberFlat[]>(
    tx,
    `SELECT dc."disputeId", dc.side, dc.origin, c.id, c."sourceId", c.quote, c.paraphrase, c.status, c.start, c."end",
            k.id AS "claimantKey", k.name AS "claimantName", s.title AS "sourceTitle", s.outlet AS "sourceOutlet", s.published AS "sourcePublished",
            l.id AS "linkKey", d."eventId" AS "linkEventId", l.stance, l."assertedDate", l."assertedPlace", l."assertedParticipants", l."assertedNumber", l."assertedUnit"
       FROM ${jsonElements(tx, 'int')} p
       JOIN "DisputeClaim" dc ON dc."disputeId" = p.value
       JOIN "Dispute" d ON d.id = dc."disputeId"
       JOIN "Claim" c ON c.id = dc."claimId"
       JOIN "Source" s ON s.id = c."sourceId"
       LEFT JOIN "Actor" k ON k.id = c."claimantId"
       LEFT JOIN "Link" l ON l."claimId" = dc."claimId" AND l."eventId" = d."eventId"
      ORDER BY dc."disputeId", dc.side, dc."claimId"`,
    ids,
  );
  const hops = await queryRows<{ claimId: number; actorId: number; actorName: string; relation: string | null }[]>(
    tx,
    `SELECT h."claimId", a.id AS "actorId", a.name AS "actorName", h.relation FROM "AttributionHop" h JOIN "Actor" a ON a.id = h."actorId"
      WHERE h."claimId" IN (SELECT dc."claimId" FROM ${jsonElements(tx, 'int')} p JOIN "DisputeClaim" dc ON dc."disputeId" = p.value)
      ORDER BY h."claimId", h.position`,
    ids,
  );
  const chains = new Map<number, MemberRow['chain']>();
  for (const h of hops) {
    const hop = { actor: { id: h.actorId, name: h.actorName }, relation: h.relation };
    const chain = chains.get(h.claimId);
    if (chain) chain.push(hop);
    else chains.set(h.claimId, [hop]);
  }
  return flat.map((m) => ({
    disputeId: m.disputeId,
    side: m.side,
    origin: m.origin,
    id: m.id,
    sourceId: m.sourceId,
    quote: m.quote,
    paraphrase: m.paraphrase,
    status: m.status,
    start: m.start,
    end: m.end,
    claimant: m.claimantKey === null ? null : { id: m.claimantKey, name: m.claimantName! },
    chain: chains.get(m.id) ?? [],
    source: { id: m.sourceId, title: m.sourceTitle, outlet: m.sourceOutlet, published: m.sourcePublished },
    link:
      m.linkKey === null
        ? null
        : {
            claimId: m.id,
            eventId: m.linkEventId,
            stance: m.stance,
            assertedDate: m.assertedDate,
            assertedPlace: m.assertedPlace,
            assertedParticipants: m.assertedParticipants,
            assertedNumber: m.assertedNumber,
            assertedUnit: m.assertedUnit,
          },
  }));
}

/**
 * The open disputes a claim takes part in, by dispute id, with the event each is about. CROSS JOIN keeps
 * SQLite reading from the claim's few memberships: left to itself (no statistics) it walks every open
 * dispute by the status index and probes each for the claim (~40 ms at 30,000 open disputes).
 */
export async function openDisputesOfClaim(tx: Tx, claimId: number): Promise<{ disputeId: number; eventId: number }[]> {
  return readRows<{ disputeId: number; eventId: number }[]>(
    tx,
    `SELECT dc."disputeId" AS "disputeId", d."eventId" AS "eventId" FROM "DisputeClaim" dc ${orderedJoin(tx)} "Dispute" d ON d.id = dc."disputeId"
      WHERE dc."claimId" = ? AND d.status = 'open' ORDER BY dc."disputeId"`,
    claimId,
  );
}

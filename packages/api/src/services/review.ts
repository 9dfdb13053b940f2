// The review workflow: the queue of open disputes and a reviewer's decision with verdicts.
import { type z } from 'zod';
import { AppError, reviewDecideSchema, reviewQueueSchema } from '@claimline/core';
import type { Tx } from '@claimline/db';
import { audit, auditMany } from './audit.ts';
import { expectFound, expectUpdated, expectVersion } from './records.ts';
import { groupBy, inChunks } from './id-lists.ts';

const disputeFields = {
  id: true,
  eventId: true,
  kinds: true,
  status: true,
  explanation: true,
  supportOrigins: true,
  contradictOrigins: true,
  openedAt: true,
  resolvedAt: true,
  resolvedById: true,
  rationale: true,
  version: true,
  event: { select: { id: true, title: true, date: true, place: true } },
  verdicts: { select: { id: true, claimId: true, rating: true, rationale: true, evidenceUrl: true, reviewerId: true, createdAt: true } },
} as const;

const memberClaimFields = {
  id: true,
  sourceId: true,
  quote: true,
  paraphrase: true,
  status: true,
  start: true,
  end: true,
  claimant: { select: { id: true, name: true } },
  chain: { select: { actor: { select: { id: true, name: true } }, relation: true }, orderBy: { position: 'asc' } },
  source: { select: { id: true, title: true, outlet: true, published: true } },
} as const;

const memberLinkFields = {
  claimId: true,
  eventId: true,
  stance: true,
  assertedDate: true,
  assertedPlace: true,
  assertedParticipants: true,
  assertedNumber: true,
  assertedUnit: true,
} as const;

type DisputeRow = { id: number; eventId: number };

/**
 * Each dispute with its claims (side a first, then by claim id), each claim with its chain, source and
 * its link to the disputed event. A page of disputes can hold thousands of claims (see id-lists.ts):
 * the members are read by the disputes' ids, their claims in chunks, their links by the events' ids.
 */
async function withClaims<D extends DisputeRow>(tx: Tx, disputes: D[]) {
  if (!disputes.length) return [];
  const members = await tx.disputeClaim.findMany({
    where: { disputeId: { in: disputes.map((d) => d.id) } },
    select: { disputeId: true, claimId: true, side: true, origin: true },
  });
  const claims = new Map(
    (
      await inChunks(
        members.map((m) => m.claimId),
        (ids) => tx.claim.findMany({ where: { id: { in: ids } }, select: memberClaimFields }),
      )
    ).map((c) => [c.id, c]),
  );
  const links = await tx.link.findMany({ where: { eventId: { in: disputes.map((d) => d.eventId) } }, select: memberLinkFields });
  const linkOf = new Map(links.map((l) => [`${l.eventId}:${l.claimId}`, l]));
  const byDispute = groupBy(
    [...members].sort((x, y) => x.side.localeCompare(y.side) || x.claimId - y.claimId),
    (m) => m.disputeId,
  );
  return disputes.map((d) => ({
    ...d,
    claims: (byDispute.get(d.id) ?? []).map((m) => ({
      side: m.side,
      origin: m.origin,
      ...claims.get(m.claimId)!,
      link: linkOf.get(`${d.eventId}:${m.claimId}`) ?? null,
    })),
  }));
}

async function loadDispute(tx: Tx, id: number) {
  const row = await tx.dispute.findUnique({ where: { id }, select: disputeFields });
  return row ? (await withClaims(tx, [row]))[0]! : null;
}

export async function reviewQueue(tx: Tx, raw: z.input<typeof reviewQueueSchema>) {
  const input = reviewQueueSchema.parse(raw);
  const where = input.status === 'all' ? {} : { status: input.status };
  // Oldest first (a queue is worked in order), or by independent origins; the id breaks ties and is the cursor.
  let cursorWhere = {};
  if (input.cursor) {
    const last = await tx.dispute.findUnique({
      where: { id: input.cursor },
      select: { id: true, openedAt: true, contradictOrigins: true, supportOrigins: true },
    });
    if (!last) throw new AppError('BAD_REQUEST', 'cursor: no such dispute', 'cursor');
    cursorWhere =
      input.order === 'oldest'
        ? { OR: [{ openedAt: { gt: last.openedAt } }, { openedAt: last.openedAt, id: { gt: last.id } }] }
        : {
            OR: [
              { contradictOrigins: { lt: last.contradictOrigins } },
              { contradictOrigins: last.contradictOrigins, supportOrigins: { lt: last.supportOrigins } },
              { contradictOrigins: last.contradictOrigins, supportOrigins: last.supportOrigins, id: { gt: last.id } },
            ],
          };
  }
  const orderBy =
    input.order === 'oldest'
      ? [{ openedAt: 'asc' as const }, { id: 'asc' as const }]
      : [{ contradictOrigins: 'desc' as const }, { supportOrigins: 'desc' as const }, { id: 'asc' as const }];
  const rows = await tx.dispute.findMany({
    where: { ...where, ...cursorWhere },
    orderBy,
    take: input.limit + 1,
    select: disputeFields,
  });
  const page = rows.slice(0, input.limit);
  const total = await tx.dispute.count({ where });
  return { items: await withClaims(tx, page), nextCursor: rows.length > input.limit ? page[page.length - 1]!.id : null, total };
}

export async function getDispute(tx: Tx, id: number) {
  return expectFound(await loadDispute(tx, id), 'dispute', id);
}

/** Verdicts inserted per statement: 9 bound parameters each, well under SQLite's 999. */
const VERDICTS_PER_STATEMENT = 50;

export async function decide(tx: Tx, userId: number | null, raw: z.input<typeof reviewDecideSchema>) {
  const input = reviewDecideSchema.parse(raw);
  const before = expectVersion(await loadDispute(tx, input.disputeId), input.version, 'dispute', input.disputeId);
  if (before.status !== 'open') throw new AppError('CONFLICT', `dispute ${input.disputeId} is ${before.status}, not open; reload the queue`);
  const inDispute = new Set(before.claims.map((c) => c.id));
  input.verdicts.forEach((v, i) => {
    if (!inDispute.has(v.claimId))
      throw new AppError('BAD_REQUEST', `verdicts.${i}.claimId: claim ${v.claimId} is not part of dispute ${input.disputeId}`, `verdicts.${i}.claimId`);
  });
  const rated = new Set(input.verdicts.map((v) => v.claimId));
  if (rated.size !== input.verdicts.length) throw new AppError('BAD_REQUEST', 'verdicts: each claim may be rated once per decision', 'verdicts');
  const unrated = [...inDispute].filter((id) => !rated.has(id));
  if (unrated.length) throw new AppError('BAD_REQUEST', `verdicts: rate every claim of the dispute (missing: claim ${unrated.join(', ')})`, 'verdicts');

  // One statement per VERDICTS_PER_STATEMENT verdicts (a dispute can hold a thousand claims), then their audit entries.
  const verdicts = [];
  for (let i = 0; i < input.verdicts.length; i += VERDICTS_PER_STATEMENT)
    verdicts.push(
      ...(await tx.verdict.createManyAndReturn({
        data: input.verdicts.slice(i, i + VERDICTS_PER_STATEMENT).map((v) => ({
          claimId: v.claimId,
          disputeId: input.disputeId,
          rating: v.rating,
          rationale: v.rationale?.trim() || input.rationale,
          evidenceUrl: v.evidenceUrl ?? input.evidenceUrl ?? null,
          reviewerId: userId,
        })),
      })),
    );
  await auditMany(
    tx,
    verdicts.map((verdict) => ({ userId, action: 'create', recordType: 'verdict', recordId: verdict.id, after: verdict })),
  );
  const r = await tx.dispute.updateMany({
    where: { id: input.disputeId, version: input.version },
    data: { status: 'resolved', resolvedAt: new Date(), resolvedById: userId, rationale: input.rationale, version: { increment: 1 } },
  });
  expectUpdated(r.count, 'dispute', input.disputeId);
  const after = expectFound(await loadDispute(tx, input.disputeId), 'dispute', input.disputeId);
  await audit(tx, {
    userId,
    action: 'resolve',
    recordType: 'dispute',
    recordId: input.disputeId,
    before: { status: before.status, version: before.version },
    after: { status: after.status, version: after.version, rationale: input.rationale, verdicts: input.verdicts },
  });
  return after;
}

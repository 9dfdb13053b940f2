// The review workflow: the queue of open disputes and a reviewer's decision with verdicts.
import { type z } from 'zod';
import { AppError, reviewDecideSchema, reviewQueueSchema } from '@claimline/core';
import {
  countDisputes,
  disputeById,
  disputeExists,
  disputeMembers,
  disputePage,
  disputeSummaryPage,
  type DisputeRow,
  type DisputeSummaryRow,
  type Tx,
} from '@claimline/db';
import { audit, auditMany } from './audit.ts';
import { expectFound, expectUpdated, expectVersion } from './records.ts';
import { groupBy } from './id-lists.ts';

/**
 * Each dispute with its claims (side a first, then by claim id), each claim with its chain, source and
 * its link to the disputed event. A page of disputes can hold thousands of claims: they are read in one
 * statement that takes the disputes' ids as one parameter (packages/db/src/queries/review.ts).
 */
async function withClaims<D extends DisputeRow>(tx: Tx, disputes: D[]) {
  const byDispute = groupBy(
    await disputeMembers(
      tx,
      disputes.map((d) => d.id),
    ),
    (m) => m.disputeId,
  );
  return disputes.map((d) => ({
    ...d,
    claims: (byDispute.get(d.id) ?? []).map(({ disputeId: _, ...claim }) => claim),
  }));
}

async function loadDispute(tx: Tx, id: number) {
  const row = await disputeById(tx, id);
  return row ? (await withClaims(tx, [row]))[0]! : null;
}

type QueueInput = z.input<typeof reviewQueueSchema>;
type Page<T> = { items: T[]; nextCursor: number | null; total: number };
type FullDispute = Awaited<ReturnType<typeof withClaims<DisputeRow>>>[number];

/**
 * A page of the queue. claims 'all' (the default): each dispute with its claims and verdicts; 'count':
 * each with claimCount instead, the same disputes in the same order with the same cursors.
 */
export async function reviewQueue(tx: Tx, raw: QueueInput & { claims?: 'all' }): Promise<Page<FullDispute>>;
export async function reviewQueue(tx: Tx, raw: QueueInput & { claims: 'count' }): Promise<Page<DisputeSummaryRow>>;
export async function reviewQueue(tx: Tx, raw: QueueInput): Promise<Page<FullDispute> | Page<DisputeSummaryRow>>;
export async function reviewQueue(tx: Tx, raw: QueueInput): Promise<Page<FullDispute> | Page<DisputeSummaryRow>> {
  const input = reviewQueueSchema.parse(raw);
  // Oldest first (a queue is worked in order), or by independent origins; the id breaks ties and is the cursor.
  if (input.cursor && !(await disputeExists(tx, input.cursor))) throw new AppError('BAD_REQUEST', 'cursor: no such dispute', 'cursor');
  const status = input.status === 'all' ? null : input.status;
  const opts = { status, order: input.order, cursor: input.cursor ?? null, take: input.limit + 1 };
  const total = await countDisputes(tx, status);
  const nextCursor = <T extends { id: number }>(rows: T[]) => (rows.length > input.limit ? rows[input.limit - 1]!.id : null);
  // count: what a list of disputes shows (event, kinds, claimCount), without reading a claim.
  if (input.claims === 'count') {
    const rows = await disputeSummaryPage(tx, opts);
    return { items: rows.slice(0, input.limit), nextCursor: nextCursor(rows), total };
  }
  const rows = await disputePage(tx, opts);
  return { items: await withClaims(tx, rows.slice(0, input.limit)), nextCursor: nextCursor(rows), total };
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

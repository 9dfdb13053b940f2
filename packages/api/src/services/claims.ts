// Claims: spans of a source that assert something, anchored by code point offsets and quote selectors.
import { type z } from 'zod';
import {
  AppError,
  claimCreateSchema,
  claimListByEventSchema,
  claimListBySourceSchema,
  claimSetStatusSchema,
  claimUpdateSchema,
  makeAnchor,
} from '@claimline/core';
import {
  chainsOf,
  claimsOfSource,
  claimWithSource,
  eventClaimRows,
  eventExists,
  linksOfClaims,
  sourceExists,
  verdictsOfClaim,
  type Prisma,
  type Tx,
} from '@claimline/db';
import { audit } from './audit.ts';
import { expectFound, expectUpdated, expectVersion } from './records.ts';
import { refreshDisputesForEvents } from './disputes.ts';
import { linkSelect } from './selects.ts';
import { groupBy } from './id-lists.ts';

export const claimSelect = {
  id: true,
  sourceId: true,
  start: true,
  end: true,
  quote: true,
  prefix: true,
  suffix: true,
  claimantId: true,
  claimant: { select: { id: true, name: true, kind: true } },
  paraphrase: true,
  status: true,
  version: true,
  createdById: true,
  createdAt: true,
  updatedAt: true,
  chain: { select: { position: true, actorId: true, relation: true, actor: { select: { name: true, kind: true } } }, orderBy: { position: 'asc' } },
  links: { select: { ...linkSelect, event: { select: { title: true, date: true } } }, orderBy: { id: 'asc' } },
} as const;

async function checkActorIds(tx: Tx, ids: number[], field: string) {
  const unique = [...new Set(ids)];
  if (!unique.length) return;
  const found = await tx.actor.findMany({ where: { id: { in: unique } }, select: { id: true, mergedIntoId: true } });
  for (const id of unique) {
    const a = found.find((f) => f.id === id);
    if (!a) throw new AppError('BAD_REQUEST', `${field}: actor ${id} does not exist`, field);
    if (a.mergedIntoId) throw new AppError('BAD_REQUEST', `${field}: actor ${id} was merged into actor ${a.mergedIntoId}; use that one`, field);
  }
}

async function anchorIn(tx: Tx, sourceId: number, start: number, end: number) {
  const source = expectFound(await tx.source.findUnique({ where: { id: sourceId }, select: { text: true } }), 'source', sourceId);
  return makeAnchor(source.text, start, end);
}

export async function createClaim(tx: Tx, userId: number | null, raw: z.input<typeof claimCreateSchema>) {
  const input = claimCreateSchema.parse(raw);
  const anchor = await anchorIn(tx, input.sourceId, input.start, input.end);
  if (input.claimantId) await checkActorIds(tx, [input.claimantId], 'claimantId');
  await checkActorIds(
    tx,
    input.chain.map((h) => h.actorId),
    'chain',
  );
  const claim = await tx.claim.create({
    data: {
      sourceId: input.sourceId,
      start: anchor.start,
      end: anchor.end,
      quote: anchor.exact,
      prefix: anchor.prefix,
      suffix: anchor.suffix,
      claimantId: input.claimantId ?? null,
      paraphrase: input.paraphrase ?? null,
      status: input.status,
      createdById: userId,
      chain: { create: input.chain.map((h, position) => ({ position, actorId: h.actorId, relation: h.relation ?? null })) },
    },
    select: claimSelect,
  });
  await audit(tx, { userId, action: 'create', recordType: 'claim', recordId: claim.id, after: claim });
  return claim;
}

export async function updateClaim(tx: Tx, userId: number | null, raw: z.input<typeof claimUpdateSchema>) {
  const input = claimUpdateSchema.parse(raw);
  const before = expectVersion(await tx.claim.findUnique({ where: { id: input.id }, select: claimSelect }), input.version, 'claim', input.id);
  const data: Prisma.ClaimUncheckedUpdateManyInput = {};
  if (input.start !== undefined || input.end !== undefined) {
    const a = await anchorIn(tx, before.sourceId, input.start ?? before.start, input.end ?? before.end);
    Object.assign(data, { start: a.start, end: a.end, quote: a.exact, prefix: a.prefix, suffix: a.suffix });
  }
  if (input.claimantId !== undefined) {
    if (input.claimantId) await checkActorIds(tx, [input.claimantId], 'claimantId');
    data.claimantId = input.claimantId;
  }
  if (input.paraphrase !== undefined) data.paraphrase = input.paraphrase;
  const r = await tx.claim.updateMany({ where: { id: input.id, version: input.version }, data: { ...data, version: { increment: 1 } } });
  expectUpdated(r.count, 'claim', input.id);
  if (input.chain) {
    await checkActorIds(
      tx,
      input.chain.map((h) => h.actorId),
      'chain',
    );
    await tx.attributionHop.deleteMany({ where: { claimId: input.id } });
    await tx.attributionHop.createMany({
      data: input.chain.map((h, position) => ({ claimId: input.id, position, actorId: h.actorId, relation: h.relation ?? null })),
    });
  }
  // Claimant and chain decide a claim's origin, which the independence counts of its events use; its span
  // and paraphrase are what the disputes quote.
  await refreshDisputesForEvents(
    tx,
    userId,
    before.links.map((l) => l.eventId),
  );
  const after = await tx.claim.findUniqueOrThrow({ where: { id: input.id }, select: claimSelect });
  await audit(tx, { userId, action: 'update', recordType: 'claim', recordId: input.id, before, after });
  return after;
}

export async function setClaimStatus(tx: Tx, userId: number | null, raw: z.input<typeof claimSetStatusSchema>) {
  const input = claimSetStatusSchema.parse(raw);
  const before = expectVersion(await tx.claim.findUnique({ where: { id: input.id }, select: claimSelect }), input.version, 'claim', input.id);
  const r = await tx.claim.updateMany({ where: { id: input.id, version: input.version }, data: { status: input.status, version: { increment: 1 } } });
  expectUpdated(r.count, 'claim', input.id);
  await refreshDisputesForEvents(
    tx,
    userId,
    before.links.map((l) => l.eventId),
  );
  const after = await tx.claim.findUniqueOrThrow({ where: { id: input.id }, select: claimSelect });
  await audit(tx, {
    userId,
    action: 'set-status',
    recordType: 'claim',
    recordId: input.id,
    before: { status: before.status, version: before.version },
    after: { status: after.status, version: after.version },
  });
  return after;
}

export async function getClaim(tx: Tx, id: number) {
  const found = expectFound(await claimWithSource(tx, id), 'claim', id);
  const verdicts = await verdictsOfClaim(tx, id);
  const [claim] = await withChainsAndLinks(tx, [found.claim]);
  return { ...claim!, source: found.source, verdicts };
}

/**
 * The chains and links of some claims (raw SQL in packages/db: one statement each, for a page of any size, keys passed
 * as one parameter). Same shape as `claimSelect`.
 */
async function withChainsAndLinks<C extends { id: number }>(tx: Tx, claims: C[]) {
  const ids = claims.map((c) => c.id);
  const chains = groupBy(await chainsOf(tx, ids), (h) => h.claimId);
  const linksOf = groupBy(await linksOfClaims(tx, ids), (l) => l.claimId);
  return claims.map((c) => ({
    ...c,
    chain: (chains.get(c.id) ?? []).map(({ claimId: _, ...hop }) => hop),
    links: linksOf.get(c.id) ?? [],
  }));
}

/** In reading order (by start offset); cursor = the id of the last claim of the previous page. */
export async function listClaimsBySource(tx: Tx, raw: z.input<typeof claimListBySourceSchema>) {
  const input = claimListBySourceSchema.parse(raw);
  if (!(await sourceExists(tx, input.sourceId))) expectFound(null, 'source', input.sourceId);
  const rows = await claimsOfSource(tx, input.sourceId, input.cursor ?? null, input.limit + 1);
  if (!rows) throw new AppError('BAD_REQUEST', 'cursor: no such claim', 'cursor');
  const page = rows.slice(0, input.limit);
  return { items: await withChainsAndLinks(tx, page), nextCursor: rows.length > input.limit ? page[page.length - 1]!.id : null };
}

export async function listClaimsByEvent(tx: Tx, raw: z.input<typeof claimListByEventSchema>) {
  const input = claimListByEventSchema.parse(raw);
  if (!(await eventExists(tx, input.eventId))) expectFound(null, 'event', input.eventId);
  // Raw SQL in packages/db (queries/events.ts): the page's links, claims, claimants and sources in one statement.
  const rows = await eventClaimRows(tx, input.eventId, input.cursor ?? null, input.limit + 1);
  const page = rows.slice(0, input.limit);
  return { items: page, nextCursor: rows.length > input.limit ? page[page.length - 1]!.id : null };
}
